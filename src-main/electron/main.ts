// Electron entry (compiled to dist/electron/src-main/electron/main.js). Registers the resolve hook, then
// loads the shell; static imports would be resolved before the hook exists.
import './register-esm-resolve.js';

await import('./kiosk-app.js');
