// Adds up vitest's JUnit files (one per lane of ./run test) and prints one closing line in the form
// CI reads, e.g. "tests: 869 passed, 0 failed, 32 skipped". Exit 1 when a file is missing or
// unreadable, when any test failed, or when no test ran at all: a run that tested nothing is no pass.
import { existsSync, readFileSync } from 'node:fs';

interface Totals { passed: number; failed: number; skipped: number }

/** Each <testcase> element of a JUnit document, and what it ended as. */
export function countTestCases(xml: string): Totals {
  const totals: Totals = { passed: 0, failed: 0, skipped: 0 };
  for (const chunk of xml.split('<testcase').slice(1)) {
    // A self-closing <testcase .../> holds nothing; otherwise its body runs to </testcase>.
    const selfClosing = /^[^>]*\/>/.test(chunk);
    const body = selfClosing ? '' : chunk.slice(0, Math.max(0, chunk.indexOf('</testcase>')));
    if (/<(failure|error)[\s>/]/.test(body)) totals.failed++;
    else if (/<skipped[\s>/]/.test(body)) totals.skipped++;
    else totals.passed++;
  }
  return totals;
}

if (import.meta.main) {
  const files = process.argv.slice(2);
  const totals: Totals = { passed: 0, failed: 0, skipped: 0 };
  let unreadable = 0;
  for (const file of files) {
    if (!existsSync(file)) {
      process.stderr.write(`junit-total: ${file} is missing (a lane ended before its tests reported)\n`);
      unreadable++;
      continue;
    }
    const counted = countTestCases(readFileSync(file, 'utf8'));
    totals.passed += counted.passed;
    totals.failed += counted.failed;
    totals.skipped += counted.skipped;
  }
  process.stdout.write(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
  process.exit(unreadable > 0 || totals.failed > 0 || totals.passed === 0 ? 1 : 0);
}
