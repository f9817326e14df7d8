// ./run test's closing line adds up the lanes' JUnit files: every test case counted once, by how it ended.
import { describe, expect, it } from 'vitest';
import { countTestCases } from '../../../scripts/junit-total.ts';

const junit = `<?xml version="1.0" encoding="UTF-8" ?>
<testsuites name="vitest tests" tests="5" failures="1" errors="1" time="1.2">
    <testsuite name="a.test.ts" timestamp="2026-12-07T16:00:00.000Z" hostname="h" tests="5" failures="1" errors="1" skipped="1" time="1.2">
        <testcase classname="a.test.ts" name="passes" time="0.1">
        </testcase>
        <testcase classname="a.test.ts" name="self-closing passes" time="0.1"/>
        <testcase classname="a.test.ts" name="fails" time="0.2">
            <failure message="expected 1 to be 2" type="AssertionError">boom</failure>
        </testcase>
        <testcase classname="a.test.ts" name="errors" time="0.2">
            <error message="no" type="Error"/>
        </testcase>
        <testcase classname="a.test.ts" name="skipped" time="0">
            <skipped/>
        </testcase>
    </testsuite>
</testsuites>`;

describe('countTestCases', () => {
  it('counts passed, failed (failure or error) and skipped test cases', () => {
    expect(countTestCases(junit)).toEqual({ passed: 2, failed: 2, skipped: 1 });
  });

  it('counts nothing in a document without test cases', () => {
    expect(countTestCases('<testsuites tests="0"></testsuites>')).toEqual({ passed: 0, failed: 0, skipped: 0 });
  });
});
