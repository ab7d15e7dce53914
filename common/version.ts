// Inlined by the bundler, so the version is right in the CLI, the host and inside app.asar alike.
import pkg from '../package.json';

export const arrivalsVersion: string = pkg.version;
