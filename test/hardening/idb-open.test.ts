import { replaceMethod, storageFaultSuite } from './storage-fault.js';

storageFaultSuite('open throws (private mode, blocked storage)', () =>
  replaceMethod(IDBFactory.prototype, 'open', () => {
    throw new DOMException('The user denied permission to access the database.', 'SecurityError');
  }),
);
