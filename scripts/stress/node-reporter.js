// A `node --test` reporter for `npm run test:stress`: one JSON line per finished test,
// {file, test, passed}. A test that failed only because a subtest did is left out (the
// subtest is the one reported).
export default async function* stressReporter(source) {
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { data } = event;
    if (data.details?.type === 'suite' || data.skip || data.todo) continue;
    const passed = event.type === 'test:pass';
    if (!passed && data.details?.error?.failureType === 'subtestsFailed') continue;
    const file = data.file ? data.file.replace(`${process.cwd()}/`, '') : '(unknown file)';
    yield `${JSON.stringify({ file, test: data.name, passed })}\n`;
  }
}
