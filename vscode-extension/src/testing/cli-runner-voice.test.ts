// The Test Explorer's runner (the real `casewright` CLI in a child process, `--out -`) with a
// voice case: the result streamed to the editor carries the turn's transcript and audio (kept
// in the system's temp dir: there is no report folder), and a recording named in the case file
// is found next to that file, not next to the workspace folder the CLI runs in.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CaseResult } from '@casewright/core';
import { writeTone } from '../../../test/helpers/tone.js';
import { runCli } from './cli-runner.js';

const root = path.resolve(import.meta.dirname, '../../..');

describe('the core runner with a voice case', { timeout: 180_000 }, () => {
  it('streams the voice turn back, with the recording found beside the case file', async () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 'vscode-voice-'));
    const cases = path.join(workspace, 'cases', 'voice');
    mkdirSync(path.join(cases, 'targets'), { recursive: true });
    mkdirSync(path.join(cases, 'recordings'));
    writeTone(path.join(cases, 'recordings', 'hello.wav'), { seconds: 0.8, hertz: 300 });
    // The app under test: a command that answers with what it heard.
    writeFileSync(
      path.join(cases, 'targets', 'echo-voice.yaml'),
      `type: voice\ncommand: ${JSON.stringify(process.execPath)}\nargs: ["-e", "require('fs').copyFileSync(process.argv[1], process.argv[2])", "{{input}}", "{{output}}"]\n`,
    );
    const file = path.join(cases, 'hello.cases.yaml');
    writeFileSync(
      file,
      `suite: Voice in the editor
defaults:
  target: echo-voice
cases:
  - id: 6a1d3f0e-2b4c-4d5e-8f60-7a8b9c0d1e2f
    title: The app answers a recorded hello
    kind: conversation
    input:
      audio: recordings/hello.wav
      messages:
        - role: user
          content: hello
    expected:
      assert:
        - type: audio-duration
          min: 0.7
          max: 0.9
`,
    );
    const results: Array<{ file: string; result: CaseResult }> = [];
    const outcome = await runCli({
      command: [
        process.execPath,
        '--import',
        pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href,
        path.join(root, 'core/src/cli/main.ts'),
      ],
      env: { ...process.env, NO_COLOR: '1' },
      files: [file],
      caseIds: undefined,
      repeat: 1,
      concurrency: 1,
      cwd: workspace,
      signal: new AbortController().signal,
      onCaseResult: (f, result) => results.push({ file: f, result }),
    });
    expect(outcome.stderr).toBe('');
    expect(outcome.exitCode).toBe(0);
    expect(results).toHaveLength(1);
    const { result } = results[0]!;
    expect(results[0]!.file).toBe(file);
    expect(result.error).toBeUndefined();
    expect(result.outcome).toBe('passed');
    const voice = result.turns![0]!.voice!;
    expect(voice.speech).toBe('recording');
    expect(path.isAbsolute(voice.outputAudio)).toBe(true);
    expect(existsSync(voice.outputAudio)).toBe(true);
    expect(existsSync(path.join(workspace, '-'))).toBe(false);
  });
});
