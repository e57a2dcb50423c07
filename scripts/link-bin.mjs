// Links the package's own `ecsnet` bin into node_modules/.bin so `npx ecsnet` works from the
// checkout (npm links the bins of dependencies there, never the package's own).
import { chmodSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const link = join(root, 'node_modules', '.bin', 'ecsnet');
mkdirSync(dirname(link), { recursive: true });
rmSync(link, { force: true });
symlinkSync(join('..', '..', 'bin', 'ecsnet.js'), link);
chmodSync(join(root, 'bin', 'ecsnet.js'), 0o755);
