import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const gatewayEntry = `${root}gateway/dist/main.js`;
export const cliEntry = `${root}gateway/dist/cli.js`;
export const siteDist = `${root}site/dist`;
export const siteIndex = `${siteDist}/index.html`;
export const demoConfig = `${root}candor.config.ts`;
