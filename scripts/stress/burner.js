// One CPU burner of `npm run test:stress`: spins a core in 50 ms slices. It lives on the IPC
// channel of the script that forked it and quits when that closes, so it never outlives the
// stress run however that ends (even killed outright); after three hours it quits anyway.
const stop = Date.now() + 3 * 3600e3;
process.on('disconnect', () => process.exit(0));
(function spin() {
  const until = Date.now() + 50;
  while (Date.now() < until);
  if (Date.now() > stop) process.exit(0);
  setImmediate(spin);
})();
