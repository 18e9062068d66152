import { run } from './program';

// Exit code is set by run(); no stack trace ever reaches the user.
void run(process.argv).then((code) => {
  process.exitCode = code;
});
