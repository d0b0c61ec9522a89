// The CSS and browser script of the HTML report, kept apart from the Node code.
// The script builds every element with textContent (never innerHTML with data),
// so outputs containing markup are shown, not executed.

export const HTML_REPORT_STYLE = `
:root{--ok:#1a7f37;--bad:#cf222e;--err:#8250df;--skip:#6e7781;--bg:#f6f8fa;--line:#d0d7de;--fg:#1f2328;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg)}
body{margin:0;background:#fff}
header{padding:20px 28px 12px;border-bottom:1px solid var(--line);background:var(--bg)}
h1{margin:0 0 4px;font-size:22px}
#meta{color:#57606a;font-size:13px}
#totals{display:flex;gap:10px;margin-top:12px;flex-wrap:wrap}
.pill{border-radius:999px;padding:4px 12px;font-weight:600;font-size:14px;border:1px solid var(--line);background:#fff}
.pill.passed{color:var(--ok)}.pill.failed{color:var(--bad)}.pill.errored{color:var(--err)}.pill.skipped{color:var(--skip)}
nav{display:flex;gap:12px;align-items:center;padding:10px 28px;border-bottom:1px solid var(--line);position:sticky;top:0;background:#fff;z-index:1}
#filters{display:flex;gap:6px;flex-wrap:wrap}
nav button{border:1px solid var(--line);background:#fff;border-radius:6px;padding:5px 12px;cursor:pointer;font-size:13px}
nav button[aria-pressed=true]{background:#0969da;color:#fff;border-color:#0969da}
#search{flex:1;max-width:420px;padding:6px 10px;border:1px solid var(--line);border-radius:6px;font-size:13px}
#baseline,#warnings{margin:12px 28px;padding:10px 14px;border:1px solid var(--line);border-radius:8px;background:#fff8c5;font-size:14px}
main{padding:8px 28px 28px}
details.case{border:1px solid var(--line);border-radius:8px;margin:8px 0;background:#fff}
details.case>summary{display:grid;grid-template-columns:28px 1fr auto auto auto;gap:12px;align-items:center;padding:10px 14px;cursor:pointer;list-style:none}
details.case>summary::-webkit-details-marker{display:none}
.icon{font-weight:700;font-size:16px;text-align:center}
.passed .icon{color:var(--ok)}.failed .icon{color:var(--bad)}.errored .icon{color:var(--err)}.skipped .icon{color:var(--skip)}
.title{font-weight:600}.sub{color:#57606a;font-size:12px;font-weight:400;margin-top:2px}
.why{color:var(--bad);font-size:13px;margin-top:3px}.errored .why{color:var(--err)}
.num{color:#57606a;font-size:12px;white-space:nowrap}
.tag{display:inline-block;font-size:11px;border-radius:4px;padding:1px 6px;margin-left:6px;background:#ddf4ff;color:#0969da}
.tag.flaky{background:#fff1e5;color:#bc4c00}
.body{padding:4px 16px 16px 54px;font-size:14px}
.body h3{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#57606a;margin:16px 0 6px}
.msg{border-left:3px solid var(--line);padding:4px 10px;margin:4px 0;white-space:pre-wrap}
.msg .role{font-size:11px;text-transform:uppercase;color:#57606a;display:block}
.msg.assistant{border-color:#0969da}.msg.answer{border-color:var(--ok);background:#f0fff4}
.diff{white-space:pre-wrap;border:1px solid var(--line);border-radius:6px;padding:8px 10px;background:var(--bg);line-height:1.6}
.diff del{background:#ffebe9;color:var(--bad);text-decoration:line-through}
.diff ins{background:#dafbe1;color:var(--ok);text-decoration:none}
table.asserts{border-collapse:collapse;width:100%}
table.asserts td{border-top:1px solid var(--line);padding:6px 8px;vertical-align:top}
table.asserts td:first-child{width:22px;font-weight:700}
td.ok{color:var(--ok)}td.bad{color:var(--bad)}td.skip{color:var(--skip)}
.type{font-family:ui-monospace,monospace;font-size:12px;white-space:nowrap}
.verdicts{margin:6px 0 0;padding-left:18px}.verdicts li{margin:2px 0}
.vote{font-size:12px;color:#57606a}
.error{color:var(--err);white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:13px}
.empty{color:#57606a;padding:24px;text-align:center}
.voice{display:grid;grid-template-columns:auto 1fr;gap:4px 10px;align-items:center;margin:6px 0 2px;font-size:12px;color:#57606a}
.voice audio{height:32px;max-width:360px}
.cond{font-weight:600;margin:12px 0 4px}.cond.passed{color:var(--ok)}.cond.failed{color:var(--bad)}.cond.errored{color:var(--err)}
footer{color:#57606a;font-size:12px;padding:0 28px 24px}
`;

export const HTML_REPORT_SCRIPT = `
(function(){
var run = JSON.parse(document.getElementById('run-data').textContent);
var JIRA = JSON.parse((document.getElementById('jira-links') || {}).textContent || '{}');
var ICON = {passed:'✓', failed:'✗', errored:'!', skipped:'○'};
var state = {outcome: 'all', text: ''};
function el(tag, attrs, children){
  var node = document.createElement(tag);
  if (attrs) for (var k in attrs) { if (k === 'text') node.textContent = attrs[k]; else if (k === 'class') node.className = attrs[k]; else node.setAttribute(k, attrs[k]); }
  (children || []).forEach(function(c){ if (c != null) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
  return node;
}
function ms(v){ return v == null ? '–' : v >= 1000 ? (v/1000).toFixed(1) + ' s' : Math.round(v) + ' ms'; }
function cost(v){ return !v ? '–' : '$' + (v < 0.01 ? v.toFixed(4) : v.toFixed(2)); }
function words(t){ return (t || '').split(/(\\s+)/).filter(function(x){ return x.length; }); }
function diff(expected, actual){
  var a = words(expected), b = words(actual), n = a.length, m = b.length;
  if (n * m > 4000000) { return [el('del', {text: expected}), el('ins', {text: actual})]; }
  var dp = []; for (var i = 0; i <= n; i++) { dp.push(new Uint32Array(m + 1)); }
  for (i = n - 1; i >= 0; i--) for (var j = m - 1; j >= 0; j--) dp[i][j] = a[i] === b[j] ? dp[i+1][j+1] + 1 : Math.max(dp[i+1][j], dp[i][j+1]);
  var out = []; i = 0; j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) { out.push(document.createTextNode(a[i])); i++; j++; }
    else if (dp[i+1][j] >= dp[i][j+1]) { out.push(el('del', {text: a[i]})); i++; }
    else { out.push(el('ins', {text: b[j]})); j++; }
  }
  for (; i < n; i++) out.push(el('del', {text: a[i]}));
  for (; j < m; j++) out.push(el('ins', {text: b[j]}));
  return out;
}
function assertionRows(list, depth){
  var rows = [];
  (list || []).forEach(function(a){
    var mark = a.skipped ? '○' : a.pass ? '✓' : '✗';
    var cls = a.skipped ? 'skip' : a.pass ? 'ok' : 'bad';
    var reason = el('td', null, [a.reason]);
    if (a.verdicts && a.verdicts.length) {
      var ul = el('ul', {class: 'verdicts'});
      a.verdicts.forEach(function(v){
        var li = el('li', null, [(v.pass ? '✓ ' : '✗ ') + v.requirement + ' — ' + v.reason]);
        if (v.votes) v.votes.forEach(function(vote){ li.appendChild(el('div', {class: 'vote', text: (vote.pass ? '✓ ' : '✗ ') + vote.judge + ': ' + vote.reason})); });
        ul.appendChild(li);
      });
      reason.appendChild(ul);
    }
    if (!a.pass && !a.skipped && a.expected != null && a.actual != null && a.type.indexOf('not-') !== 0) {
      reason.appendChild(el('div', {class: 'diff'}, diff(a.expected, a.actual)));
    }
    var label = (depth ? '↳ '.repeat(depth) : '') + a.type + (a.metric ? ' (' + a.metric + ')' : '') + (a.turn ? ' [turn ' + a.turn + ']' : '') + (a.weight !== 1 ? ' ×' + a.weight : '');
    var extra = [a.skipped ? 'skipped' : 'score ' + a.score, a.cost ? cost(a.cost) : null].filter(Boolean).join(' · ');
    rows.push(el('tr', null, [el('td', {class: cls, text: mark}), el('td', {class: 'type', text: label}), reason, el('td', {class: 'num', text: extra})]));
    rows = rows.concat(assertionRows(a.children, (depth || 0) + 1));
  });
  return rows;
}
function firstFailure(list){
  for (var i = 0; i < (list || []).length; i++) {
    var a = list[i];
    if (!a.pass && !a.skipped) { var child = firstFailure(a.children); return child || (a.type + (a.metric ? ' (' + a.metric + ')' : '') + ': ' + a.reason); }
  }
  return null;
}
function whyNot(c){
  if (c.outcome === 'errored') return c.error ? c.error.code + ': ' + c.error.message : 'errored';
  if (c.outcome === 'failed') return firstFailure(c.assertions) || ('score ' + c.score + ' below the threshold');
  return null;
}
function player(src, label){
  var audio = el('audio', {controls: '', preload: 'none'});
  audio.setAttribute('src', src);
  return [el('span', {text: label}), audio];
}
function turnView(t){
  var v = t.voice;
  var label = 'turn ' + t.turn + ' · ' + ms(t.latencyMs) + (v ? ' · transcript (' + v.transcription + ')' : '');
  var box = el('div', {class: 'msg answer'}, [el('span', {class: 'role', text: label}), t.output || (v ? '(nothing heard)' : '')]);
  if (!v) return box;
  var a = v.audio;
  var facts = [v.condition ? 'condition ' + v.condition : null, 'first audio ' + ms(v.firstAudioMs), 'answer ' + (a.durationMs / 1000).toFixed(2) + ' s', 'leading silence ' + ms(a.leadingSilenceMs), Math.round(a.silenceRatio * 100) + '% silence', a.clippedRatio ? (a.clippedRatio * 100).toFixed(2) + '% clipped' : null, 'spoken by ' + v.speech].filter(Boolean).join(' · ');
  var grid = el('div', {class: 'voice'}, player(v.inputAudio, 'the app heard').concat(player(v.outputAudio, 'it answered')));
  box.appendChild(grid);
  if (v.appText) box.appendChild(el('div', {class: 'vote', text: 'the app says it said: ' + v.appText}));
  box.appendChild(el('div', {class: 'vote', text: facts}));
  (v.warnings || []).forEach(function(w){ box.appendChild(el('div', {class: 'vote', text: '⚠ ' + w})); });
  return box;
}
function skippedChecks(list){
  return (list || []).reduce(function(all, a){ return all.concat(a.children && a.children.length ? skippedChecks(a.children) : a.skipped ? [a] : []); }, []);
}
function caseView(c){
  var details = el('details', {class: 'case ' + c.outcome, 'data-outcome': c.outcome});
  var sub = [c.file || '', c.target ? 'target ' + c.target : '', c.caseId].filter(Boolean).join(' · ');
  var title = el('div', null, [el('div', {class: 'title'}, [c.title, c.flaky ? el('span', {class: 'tag flaky', text: 'flaky'}) : null, c.outcome === 'skipped' ? el('span', {class: 'tag', text: c.skipReason || 'skipped'}) : null, c.outcome !== 'skipped' && skippedChecks(c.assertions).length ? el('span', {class: 'tag', text: skippedChecks(c.assertions).length + ' check(s) skipped: ' + skippedChecks(c.assertions)[0].reason}) : null]), el('div', {class: 'sub'}, [sub, JIRA[c.caseId] ? ' · ' : null, JIRA[c.caseId] ? el('a', {class: 'jira', href: JIRA[c.caseId].url, target: '_blank', rel: 'noopener', text: JIRA[c.caseId].key + ' in Jira'}) : null]), whyNot(c) ? el('div', {class: 'why', text: whyNot(c)}) : null]);
  var rate = c.successRate != null ? Math.round(c.successRate * 100) + '% of ' + c.attempts.length : (c.outcome === 'skipped' ? '' : 'score ' + c.score);
  details.appendChild(el('summary', null, [el('span', {class: 'icon', text: ICON[c.outcome], title: c.outcome}), title, el('span', {class: 'num', text: rate}), el('span', {class: 'num', text: ms(c.latencyMs)}), el('span', {class: 'num', text: cost(c.cost)})]));
  var body = el('div', {class: 'body'});
  details.appendChild(body);
  details.addEventListener('toggle', function once(){
    if (body.childNodes.length) return;
    if (c.error) { body.appendChild(el('h3', {text: 'Error'})); body.appendChild(el('div', {class: 'error', text: c.error.code + ': ' + c.error.message})); }
    if (c.input && c.input.length) {
      body.appendChild(el('h3', {text: 'Conversation'}));
      c.input.forEach(function(m){ body.appendChild(el('div', {class: 'msg ' + m.role}, [el('span', {class: 'role', text: m.role}), m.content])); });
    }
    var voiced = (c.attempts || []).filter(function(a){ return a.condition != null && a.turns; });
    if (voiced.length > 1) {
      body.appendChild(el('h3', {text: 'Answers per condition'}));
      voiced.forEach(function(a){
        body.appendChild(el('div', {class: 'cond ' + a.outcome, text: ICON[a.outcome] + ' ' + a.condition + ' — ' + a.outcome + (a.error ? ': ' + a.error.code + ': ' + a.error.message : '')}));
        a.turns.forEach(function(t){ body.appendChild(turnView(t)); });
      });
    } else if (c.turns && c.turns.length) {
      body.appendChild(el('h3', {text: 'Answers per turn'}));
      c.turns.forEach(function(t){ body.appendChild(turnView(t)); });
    } else if (c.output != null) {
      body.appendChild(el('h3', {text: 'Answer'}));
      body.appendChild(el('div', {class: 'msg answer'}, [el('span', {class: 'role', text: 'target · ' + ms(c.latencyMs)}), c.output]));
    }
    if (c.expected != null && c.output != null) {
      body.appendChild(el('h3', {text: 'Expected vs actual'}));
      body.appendChild(el('div', {class: 'diff'}, diff(c.expected, c.output)));
    }
    if (c.assertions.length) {
      body.appendChild(el('h3', {text: 'Checks'}));
      body.appendChild(el('table', {class: 'asserts'}, assertionRows(c.assertions, 0)));
    }
    if (c.attempts && c.attempts.length > 1) {
      body.appendChild(el('h3', {text: 'Attempts'}));
      body.appendChild(el('div', null, [c.attempts.map(function(a, i){ return (i + 1) + ': ' + ICON[a.outcome] + ' ' + a.outcome + ' (' + ms(a.latencyMs) + ')'; }).join('   ')]));
    }
    if (c.tokenUsage) body.appendChild(el('div', {class: 'num', text: c.tokenUsage.total + ' tokens (' + c.tokenUsage.input + ' in, ' + c.tokenUsage.output + ' out)'}));
  }, {once: true});
  return details;
}
function matches(c){
  if (state.outcome === 'flaky' ? !c.flaky : state.outcome !== 'all' && c.outcome !== state.outcome) return false;
  if (!state.text) return true;
  var hay = [c.title, c.file, c.suite, c.caseId, c.target, c.output].join(' ').toLowerCase();
  return hay.indexOf(state.text) >= 0;
}
function render(){
  var main = document.getElementById('cases');
  main.textContent = '';
  var shown = run.cases.filter(matches);
  shown.forEach(function(c){ main.appendChild(caseView(c)); });
  // A short list of failures opens itself: the reasons are what the reader came for.
  var bad = main.querySelectorAll('details.failed, details.errored');
  if (bad.length > 0 && bad.length <= 3 && state.outcome !== 'all') Array.prototype.forEach.call(bad, function(d){ d.open = true; });
  if (!shown.length) main.appendChild(el('div', {class: 'empty', text: 'No cases match this filter.'}));
  Array.prototype.forEach.call(document.querySelectorAll('#filters button'), function(b){ b.setAttribute('aria-pressed', String(b.dataset.outcome === state.outcome)); });
}
var s = run.summary;
document.getElementById('meta').textContent = [new Date(run.startedAt).toLocaleString(), ms(s.durationMs), run.target ? 'target ' + run.target : null, run.shard ? 'shard ' + run.shard.index + '/' + run.shard.count : null, run.repeat ? run.repeat + ' attempts per case' : null, s.cost ? 'cost ' + cost(s.cost) : null, s.tokenUsage.total ? s.tokenUsage.total + ' tokens' : null, run.interrupted ? 'INTERRUPTED — partial results' : null].filter(Boolean).join(' · ');
var totals = document.getElementById('totals');
['passed','failed','errored','skipped'].forEach(function(o){ totals.appendChild(el('span', {class: 'pill ' + o, text: ICON[o] + ' ' + s[o] + ' ' + o})); });
if (s.flaky) totals.appendChild(el('span', {class: 'pill', text: '~ ' + s.flaky + ' flaky'}));
var filters = document.getElementById('filters');
['all','passed','failed','errored','skipped','flaky'].forEach(function(o){
  var count = o === 'all' ? s.total : s[o];
  var b = el('button', {type: 'button', 'data-outcome': o, text: o + ' (' + count + ')'});
  b.addEventListener('click', function(){ state.outcome = o; render(); });
  filters.appendChild(b);
});
document.getElementById('search').addEventListener('input', function(e){ state.text = e.target.value.trim().toLowerCase(); render(); });
if (run.baseline) {
  var b = run.baseline, box = document.getElementById('baseline'), titles = {};
  run.cases.forEach(function(c){ titles[c.caseId] = c.title; });
  box.hidden = false;
  box.appendChild(el('strong', {text: 'Against ' + b.file + ': '}));
  box.appendChild(document.createTextNode(b.regressions.length + ' regression(s), ' + b.fixes.length + ' fix(es), ' + b.new.length + ' new, ' + b.missing.length + ' not run'));
  var ul = el('ul');
  b.regressions.forEach(function(id){ ul.appendChild(el('li', {text: '↓ regression: ' + (titles[id] || id)})); });
  b.fixes.forEach(function(id){ ul.appendChild(el('li', {text: '↑ fixed: ' + (titles[id] || id)})); });
  box.appendChild(ul);
}
if (run.warnings && run.warnings.length) {
  var w = document.getElementById('warnings'), wl = el('ul');
  w.hidden = false;
  w.appendChild(el('strong', {text: 'Before the run: '}));
  run.warnings.forEach(function(text){ wl.appendChild(el('li', {text: text})); });
  w.appendChild(wl);
}
if (s.failed + s.errored > 0) state.outcome = s.failed ? 'failed' : 'errored';
render();
})();
`;
