// The JUnit report as CI tools validate it: xmllint (libxml2, installed from Debian
// when missing) checks the whole document against the Jenkins xunit plugin's
// junit-10.xsd and each <testsuite> against the Apache Ant JUnit schema (the
// per-suite format Ant writes and most "Ant-style" readers expect). Both schemas are in
// test/fixtures/junit/ with the definitions they follow. The run is a real one:
// a command target, cases that pass, fail, error and are skipped, text that needs escaping.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCaseFile, runSuites, type Target } from '@casewright/core';
import { createJunitReporter } from '../core/src/run/reporters/junit-reporter.js';
import { ensureDebianPackages } from '../scripts/debian-packages.mjs';

const fixtures = path.join(import.meta.dirname, 'fixtures/junit');
const JENKINS_XSD = path.join(fixtures, 'jenkins-xunit-junit-10.xsd');
const ANT_XSD = path.join(fixtures, 'ant-junit.xsd');
const dir = mkdtempSync(path.join(tmpdir(), 'casewright-junit-'));

function xmllint(args: string[]) {
  const result = spawnSync('xmllint', args, { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Validates the XML text against a schema; returns xmllint's verdict. */
function validate(xml: string, xsd: string, name = 'doc.xml') {
  const file = path.join(dir, name);
  writeFileSync(file, xml);
  return xmllint(['--noout', '--schema', xsd, file]);
}

const suiteText = (name: string, cases: string) => `suite: ${name}
cases:
${cases}`;

const conversation = (id: string, title: string, content: string, expected: string) => `  - id: ${id}
    title: ${JSON.stringify(title)}
    kind: conversation
    input:
      messages:
        - role: user
          content: ${JSON.stringify(content)}
    expected:
${expected}`;

// Answers the last user message after "echo: ".
const echo: Target = {
  name: 'echo',
  type: 'command',
  async call(request) {
    return { output: `echo: ${request.messages.at(-1)!.content}`, latencyMs: 1 };
  },
};

let xml: string;

beforeAll(async () => {
  ensureDebianPackages(['libxml2-utils'], { why: 'the JUnit schema test' });
  const support = parseCaseFile(
    suiteText(
      'Support & <escalation> "quotes"',
      [
        conversation('0b8c6a53-3c3e-4a59-9a8f-3a0a4f1b2c01', 'Passes', 'hello', '      assert: [{type: contains, value: hello}]'),
        conversation(
          '1b8c6a53-3c3e-4a59-9a8f-3a0a4f1b2c02',
          'Fails <b>loudly</b> & "clearly" \u0007',
          'bye ]]> <tag>',
          '      assert: [{type: contains, value: "[HANDOVER]"}, {type: regex, value: "^no"}]',
        ),
        conversation(
          '2b8c6a53-3c3e-4a59-9a8f-3a0a4f1b2c03',
          'Errors on a missing var',
          'hi {{name}}',
          '      assert: [{type: contains, value: x}]',
        ),
        conversation(
          '3b8c6a53-3c3e-4a59-9a8f-3a0a4f1b2c04',
          'Only requirements, no judge',
          'refund?',
          '      requirements: [Explains the refund window]',
        ),
      ].join('\n'),
    ),
    'support.cases.yaml',
  );
  const manual = parseCaseFile(
    suiteText(
      'Checkout',
      `  - id: 4b8c6a53-3c3e-4a59-9a8f-3a0a4f1b2c05
    title: Pay by card
    kind: manual
    steps:
      - action: Pay
        expected: Paid`,
    ),
    'checkout.cases.yaml',
  );
  const reporter = createJunitReporter(dir);
  await runSuites({
    suites: [
      { file: 'support.cases.yaml', suite: support.suite! },
      { file: 'checkout.cases.yaml', suite: manual.suite! },
    ],
    target: echo,
    reporters: [reporter],
  });
  xml = readFileSync(path.join(dir, 'junit.xml'), 'utf8');
}, 300_000);

describe('JUnit XML', () => {
  it('is valid against the Jenkins xunit junit-10.xsd', () => {
    const result = validate(xml, JENKINS_XSD);
    expect(result.stderr).toContain('validates');
    expect(result.code).toBe(0);
  });

  it('has every <testsuite> valid against the Ant JUnit schema', () => {
    const file = path.join(dir, 'all.xml');
    writeFileSync(file, xml);
    const count = Number(xmllint(['--xpath', 'count(/testsuites/testsuite)', file]).stdout);
    expect(count).toBe(2);
    for (let i = 1; i <= count; i++) {
      const suite = xmllint(['--xpath', `/testsuites/testsuite[${i}]`, file]).stdout;
      const result = validate(`<?xml version="1.0" encoding="UTF-8"?>\n${suite}\n`, ANT_XSD, `suite-${i}.xml`);
      expect(result.stderr).toContain('validates');
      expect(result.code).toBe(0);
    }
  });

  it('reports each outcome with its reason, as the readers show it', () => {
    const file = path.join(dir, 'all.xml');
    writeFileSync(file, xml);
    const at = (xpath: string) => xmllint(['--xpath', xpath, file]).stdout.replace(/\n$/, '');
    expect(at('string(//testcase[@name="Only requirements, no judge"]/skipped/@message)')).toMatch(/^no judge model configured/);
    expect(at('string(//testcase[@name="Pay by card"]/skipped/@message)')).toBe('manual');
    expect(at('string(//testcase[starts-with(@name, "Fails")]/failure/@message)')).toBe(
      'contains: output does not contain "[HANDOVER]" (+1 more)',
    );
    expect(at('string(//testcase[starts-with(@name, "Fails")]/failure)')).toContain(
      'case 1b8c6a53-3c3e-4a59-9a8f-3a0a4f1b2c02 in support.cases.yaml',
    );
    expect(at('string(//testcase[@name="Errors on a missing var"]/error/@type)')).toBe('CASE_VARS');
    expect(at('string(/testsuites/testsuite[1]/properties/property[@name="file"]/@value)')).toBe('support.cases.yaml');
    expect(at('string(/testsuites/testsuite[1]/@skipped)')).toBe('1');
    expect(at('string(/testsuites/testsuite[1]/system-out)')).toContain(
      '[passed] Passes (0b8c6a53-3c3e-4a59-9a8f-3a0a4f1b2c01)\necho: hello',
    );
  });

  it('the schemas reject what they forbid (the check can fail)', () => {
    expect(validate(xml.replace('<testcase name="Passes"', '<testcase id="x" name="Passes"'), JENKINS_XSD, 'bad-1.xml').code).not.toBe(0);
    expect(
      validate(xml.replace('<testsuites name="casewright"', '<testsuites skipped="2" name="casewright"'), JENKINS_XSD, 'bad-2.xml').code,
    ).not.toBe(0);
    const suite = `<?xml version="1.0"?>\n<testsuite name="s" tests="0" failures="0" errors="0" time="0" timestamp="2026-01-01T00:00:00Z" hostname="h"><properties/><system-out/><system-err/></testsuite>\n`;
    expect(validate(suite, ANT_XSD, 'bad-3.xml').code).not.toBe(0);
    expect(validate(suite.replace('Z"', '"'), ANT_XSD, 'good-3.xml').code).toBe(0);
  });
});
