/** Built by vite.config.ts: each language's `display.*` texts (see lib/texts.ts). */
declare module 'virtual:display-texts' {
  const texts: Record<string, Record<string, string>>;
  export default texts;
}
