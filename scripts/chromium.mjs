// Debian's chromium and the flags every run of it uses here (e2e, benches, screenshots): no
// sandbox (root), no GPU, and nothing that reaches for the network on its own.
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
