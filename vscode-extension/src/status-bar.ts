import * as vscode from 'vscode';

/** Shows the current model and what this editor session has spent on model calls. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('casewright.status', vscode.StatusBarAlignment.Left, 50);
  private spent = 0;
  private model = '';

  constructor() {
    this.item.name = 'Casewright';
    this.item.command = 'casewright.selectModel';
    this.render();
    this.item.show();
  }

  setModel(model: string): void {
    this.model = model;
    this.render();
  }

  addSpend(usd: number): void {
    if (Number.isFinite(usd) && usd > 0) this.spent += usd;
    this.render();
  }

  get sessionSpend(): number {
    return this.spent;
  }

  private render(): void {
    const spend = this.spent >= 0.01 || this.spent === 0 ? this.spent.toFixed(2) : this.spent.toFixed(4);
    this.item.text = `$(beaker) Casewright: ${this.model || 'offline'} · $${spend}`;
    this.item.tooltip = `Model: ${this.model || 'offline generator (no provider)'}\nSpent this session: $${spend}\nClick to select a model`;
  }

  dispose(): void {
    this.item.dispose();
  }
}
