import { MemoryTokenStore } from '../../src/storage/memory-store.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { runTokenStoreContract } from './store-contract.js';

runTokenStoreContract('MemoryTokenStore', async () => {
  const clock = new FakeClock();
  return { store: new MemoryTokenStore(clock), clock };
});
