import { replaceMethod, storageFaultSuite } from './storage-fault.js';

storageFaultSuite('get throws', () =>
  replaceMethod(IDBObjectStore.prototype, 'get', () => {
    throw new DOMException('Internal error reading from the database.', 'UnknownError');
  }),
);
