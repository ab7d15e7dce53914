// electron-builder afterPack hook (see electron-builder.yml): flips Electron's fuses, switches
// compiled into the Electron binary that no command-line flag or environment variable can undo.
// A kiosk stands unattended in a public place, so anything that turns the signed app into a
// general-purpose Node runtime or a debuggable process is switched off.
//
// CommonJS because electron-builder loads hooks with require(), and package.json says "module".
'use strict';
const path = require('node:path');
const { flipFuses, FuseV1Options, FuseVersion } = require('@electron/fuses');

/** The fuse settings for one target platform (exported so they can be inspected from a shell). */
function fuseConfig(platform, arch) {
  return {
    version: FuseVersion.V1,
    // `ELECTRON_RUN_AS_NODE=1 arrivals script.js` would run any script with the app's identity.
    [FuseV1Options.RunAsNode]: false,
    // NODE_OPTIONS=--require=evil.js would inject code into the main process.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    // --inspect / --inspect-brk would open a debugger port into the main process.
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // Without this, Electron falls back to a loose resources/app/ folder, so dropping a folder
    // there would replace the app without touching app.asar.
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    // The renderer is served from app://arrivals (main/electron/app-protocol.ts), never file://,
    // so file:// pages need none of their legacy extra privileges.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    // Asar integrity: Electron checks app.asar against a hash embedded at build time, so the archive
    // cannot be edited in place either. Electron implements this on macOS (hash in Info.plist) and
    // Windows (hash in an exe resource, Electron >= 30) only, and electron-builder embeds that hash
    // before this hook runs (disableAsarIntegrity is not set). Linux has no embedded hash and no
    // check, so there the fuse is left alone rather than set to something that means nothing.
    // Nothing here rewrites app.asar after the hash is computed, which would brick the app.
    ...(platform === 'darwin' || platform === 'mas' || platform === 'win32'
      ? { [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true }
      : {}),
    // Editing the binary breaks the ad-hoc signature that arm64 macOS requires to launch at all;
    // re-sign ad hoc here (a real identity, if configured, signs again after this hook).
    resetAdHocDarwinSignature: (platform === 'darwin' || platform === 'mas') && (arch === 'arm64' || arch === 'universal'),
  };
}

/** Where the fused binary lives in the packed output, per platform (mirrors electron-builder). */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
  }
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  return path.join(appOutDir, packager.executableName);
}

async function afterPack(context) {
  // electron-builder's Arch enum: 0 ia32, 1 x64, 2 armv7l, 3 arm64, 4 universal.
  const arch = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'][context.arch];
  const binary = electronBinaryPath(context);
  // No try/catch: an unfused kiosk must fail the build, not ship.
  const wires = await flipFuses(binary, fuseConfig(context.electronPlatformName, arch));
  console.log(`  • afterPack: flipped Electron fuses  binary=${binary} wires=${wires}`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.fuseConfig = fuseConfig;
