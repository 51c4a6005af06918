import { replaceMethod, storageFaultSuite } from './storage-fault.js';

storageFaultSuite('quota exceeded on put', () =>
  replaceMethod(IDBObjectStore.prototype, 'put', () => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  }),
);
