// What `casewright init` writes: a config that explains itself in comments, a first
// case file (one conversation case, one manual case) with the schema hint for editors,
// and the .gitignore lines for what Casewright writes while it works.

/** `casewright.config.yaml`: a target the first cases run against; providers and a judge, commented out. */
export function configTemplate(): string {
  return `# Casewright configuration (docs/providers.md, docs/running.md). Everything here is optional:
# without providers Casewright works offline (rule-based generation, no LLM judge).

# Targets: what conversation cases run against. Cases name one with target: (or
# defaults.target: in their file); --target <name|file.yaml> overrides it for a run.
targets:
  my-app:
    type: http
    # Your app's chat endpoint; \${NAME:-default} reads the environment.
    url: \${MY_APP_URL:-http://127.0.0.1:3000/chat}
    method: POST
    headers:
      authorization: Bearer \${MY_APP_TOKEN:-dev-token}   # header values never appear in logs or reports
    body:
      messages: "{{messages}}"      # the conversation so far, as JSON
    responsePath: answer             # where the answer is in the JSON reply
  # A model with a system prompt, to try cases before the app exists:
  # gpt-baseline:
  #   type: model
  #   model: openai:gpt-4.1-mini
  #   system: You are Acme's support assistant.

# Providers: your own keys (export OPENAI_API_KEY=... or casewright keys set openai).
# openai, anthropic (ANTHROPIC_API_KEY) and google (GEMINI_API_KEY) need no entry here;
# add one for another base URL, e.g. a local Ollama:
# providers:
#   ollama:
#     type: openai-compatible
#     baseURL: http://localhost:11434/v1

# The model that checks plain-language requirements (llm-judge). Without one, requirement
# checks are skipped and every run says so.
# judge: openai:gpt-4.1-mini

# Model aliases and fallback chains:
# models:
#   default: openai:gpt-4.1-mini
#   judge:
#     model: anthropic:claude-haiku-4-5
#     fallback: [openai:gpt-4.1-mini]
`;
}

/** The first case file: one conversation case and one manual case, with fresh ids. */
export function firstCasesTemplate(options: { schemaPath: string; conversationId: string; manualId: string }): string {
  return `# yaml-language-server: $schema=${options.schemaPath}
# A case file: one suite, many cases (docs/file-format.md). Add a case with a fresh id:
#   npx casewright add cases/first.cases.yaml --title "What the case checks"
suite: My assistant
defaults:
  target: my-app                  # declared in casewright.config.yaml
cases:
  - id: ${options.conversationId}
    title: A greeting is answered with an offer to help
    kind: conversation
    priority: high
    input:
      messages:
        - role: user
          content: Hello!
    expected:
      requirements:               # plain language, checked by the judge model (judge: in the config)
        - Greets the customer and offers to help
      assert:                     # machine checks, no key needed
        - type: icontains
          value: help
        - type: not-contains
          value: As an AI

  - id: ${options.manualId}
    title: A new customer can sign up with an e-mail address
    kind: manual
    preconditions: [The browser is not logged in]
    steps:
      - action: Open the sign-up page and enter a new e-mail address and a password
        data: "new.customer@example.com / Correct-Horse-9"
        expected: The account is created and the welcome page shows the e-mail address
`;
}

/** Lines `casewright init` makes sure .gitignore has: reports, last-run results, import state and the response cache. */
export const GITIGNORE_LINES = ['.casewright/'];
