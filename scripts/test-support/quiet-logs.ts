import { setLogLevel } from '../../lib/log';

// Test output stays quiet: the portal's logger writes nothing unless a test captures its output
// (capture-output.ts) or TEST_LOGS=1 asks for every line.
if (!process.env.TEST_LOGS) setLogLevel('silent');
