// Runs a TypeScript worker entry from the sources (tests, benches): registers tsx in this thread,
// then loads the entry named in workerData. The bundled build never uses this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
