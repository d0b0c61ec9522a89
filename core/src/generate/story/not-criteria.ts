/**
 * What a line of a criteria section is when it is not an acceptance criterion. Teams put
 * more than criteria under that heading: the "As a … I want …" sentence, notes, out-of-scope
 * lines, the template's own instructions, placeholders ("- [ ] ...", "TBD") and development
 * tasks ("Fix the bug", "Create tests"). Each pattern below is one of those shapes as found
 * in real issue trackers; a line that matches none is a criterion.
 */
export type CandidateClass = 'criterion' | 'placeholder' | 'user-story' | 'note' | 'out-of-scope' | 'template' | 'task';

const PLACEHOLDER =
  /^(\.{2,}|…|[-_=*~]+|tbd|tbc|todo|to ?do|wip|n\/?a|none( yet)?|nothing|\?+|x{2,}|lorem ipsum.*|(acceptance )?criteri(a|on)( \d+)?|ac[ -]?\d*|item( \d+)?|step( \d+)?|example|scenario( \d+)?|\d+|placeholder|description|details|add (the )?(acceptance )?criteria( here)?|criteria (go|goes) here|to be (defined|decided|confirmed|written|added))$/i;

const TEMPLATE: RegExp[] = [
  /^(please )?(describe|list|add|explain|provide|write|include|fill (in|out)|replace|give|specify|outline|state|define|insert|put|enter|link|attach|mention|tell us)\b.{0,100}\b(here|below|above|this (section|template|field)|criteria|acceptance|story|feature|problem|bug|solution|expected|steps|behaviou?r|context|screenshots?|issue|ticket|request|you (want|expect|would|think|tried|considered))\b/i,
  /^(a clear and concise description|if applicable|what (you|did you) expect(ed)? to happen|steps to reproduce the behaviou?r|any other context|add any other|a description of what|the acceptance criteria (for|of) this|one criterion per line|use (the )?(given|gherkin))/i,
  /^(e\.g\.|eg\.|i\.e\.)\s/i,
  /^\[[^\]]{2,80}\]$/,
  /^<[^>]{2,80}>$/,
];

const USER_STORY: RegExp[] = [
  /^as an?\s.{1,120}?\b(i|we)\s+(want|would like|need|wish|can|should|'d like)\b/i,
  /^as an?\s[\w\s-]{1,60},?\s*(i|we)\b/i,
  /^(i|we) (want|would like|need) to\b.{0,200}\bso that\b/i,
  /^(so that|in order to)\b/i,
];

const NOTE: RegExp[] = [
  /^(note|notes|nb|n\.b\.?|fyi|hint|tip|info|important|remark|ps|p\.s\.?|see|cf\.?|ref|refs|reference|references|link|links|design|designs|figma|mock-?ups?|screenshots?|related|depends on|blocked by|blocks|question|open question|q|assumptions?|context|background|rationale|why|reason|example|for example|source)\s*[:.\-–—)]/i,
  /^see\b/i,
  /^(cc|\/cc|ping|fyi)\b/i,
  /^\(.*\)$/,
  /^(https?:\/\/\S+|@[\w.-]+(\s+@[\w.-]+)*)$/i,
  /^\[!(note|tip|important|warning|caution)\]/i,
  /^(this|that|it) (is|was) (because|needed|required) /i,
  /^(currently|today|at the moment|right now),?\s/i,
  /^(because|since) /i,
];

const OUT_OF_SCOPE: RegExp[] = [
  /\b(out of scope|out-of-scope|not in scope|not part of this (story|ticket|issue|epic)|(in|as) a (separate|follow-?up|later|future) (story|ticket|issue|pr)|will be (handled|done|covered|addressed) (in|by|later)|won'?t be (handled|done|covered) (here|in this))\b/i,
  /^(not included|excluded|later|future|phase 2|v2|next iteration|nice to have)\s*[:.\-–—]/i,
];

/** Work a developer does, not behaviour a tester observes: the leading verb and its object say so. */
const TASK: RegExp[] = [
  /^(fix|implement|refactor|investigate|research|spike|deploy|bump|upgrade|downgrade|migrate|document|backport|clean ?up|rework|rewrite|set ?up|configure|debug|profile|benchmark|instrument|prototype|estimate|groom|refine|align|discuss|decide|coordinate|follow up|check with|talk to)\b/i,
  /^(create|add|write|update|extend|improve|increase|run)\s+(the\s+|a\s+|an\s+|new\s+|more\s+|missing\s+)*(unit|integration|e2e|end-to-end|component|regression|snapshot|api|ui|automated|acceptance)?\s*(tests?|specs?|test cases|coverage)\b/i,
  /^(create|add|write|update)\s+(the\s+|a\s+|an\s+)?(docs?|documentation|readme|changelog|release notes|migration|db migration|database migration|endpoint|api endpoint|column|index|table|feature flag|flag|logging|logs|metrics|dashboard|alert|pr|pull request|ticket|jira ticket|story|branch|script|job|cron ?job|config|configuration|env(ironment)? variables?|storybook)\b/i,
  /^update\s+(the\s+)?(dependencies|dependency|library|libraries|package|packages|sdk|version|lockfile|schema|types|translations)\b/i,
  /^remove\s+(the\s+)?(dead code|unused|old|deprecated|legacy|feature flag|flag|todo)\b/i,
  /^((unit|integration|e2e)\s+)?tests?\s+(are\s+|is\s+|have been\s+)?(written|added|updated|passing|pass|green)\b/i,
  /^(code|pr|pull request|changes?)\s+(is\s+|are\s+|has been\s+|have been\s+)?(reviewed|approved|merged)\b/i,
  /^(docs|documentation|readme|changelog)\s+(is\s+|are\s+|has been\s+)?updated\b/i,
  /^deployed to\b/i,
];

/** Classifies one candidate line of a criteria section (text without list markers or checkboxes). */
export function classifyCandidate(text: string): CandidateClass {
  const t = text
    .trim()
    .replace(/^[\s>*\-–—•]+/, '')
    .trim();
  const bare = t.replace(/[\s.:;,!]+$/, '').trim();
  if (bare === '' || PLACEHOLDER.test(bare)) return 'placeholder';
  if (USER_STORY.some((re) => re.test(t))) return 'user-story';
  if (TEMPLATE.some((re) => re.test(t))) return 'template';
  if (OUT_OF_SCOPE.some((re) => re.test(t))) return 'out-of-scope';
  if (NOTE.some((re) => re.test(t))) return 'note';
  if (TASK.some((re) => re.test(t))) return 'task';
  return 'criterion';
}
