import { replaceMethod, storageFaultSuite } from './storage-fault.js';

storageFaultSuite('put throws', () =>
  replaceMethod(IDBObjectStore.prototype, 'put', () => {
    throw new DOMException('Internal error writing to the database.', 'UnknownError');
  }),
);
