// Worker entry: registers tsx's loader in this thread (Node does not pass
// --import hooks on to worker threads), then runs the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
