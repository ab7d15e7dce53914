// Vite's asset imports as the renderer uses them: `?url` gives the URL of a file Vite copies into
// the build (the decoder's wasm), served from our own origin, never a CDN.
declare module '*?url' {
  const url: string;
  export default url;
}
