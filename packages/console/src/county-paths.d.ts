/** The URL of the county outlines file the build makes (vite.config.ts, scripts/county-paths.ts). */
declare module "virtual:county-paths" {
  const url: string;
  export default url;
}
