// Lighthouse runs for the benchmark: node bench/lighthouse.mjs RUNS URL... -> one JSON object on stdout.
//
// One Debian chromium (CHROME_PATH, default /usr/bin/chromium) is launched headless and reused; each
// run is a fresh Lighthouse navigation with its default settings: mobile form factor, simulated
// throttling (Lantern, slow 4G, 4x CPU slowdown), storage and cache cleared before the load, so every
// run is a first visit. Output: {"lighthouse": version, "runs": {url: [{scores..., bytes}, ...]}}.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);
const [runsArg, ...urls] = process.argv.slice(2);
const runs = Number(runsArg);
if (!Number.isInteger(runs) || runs < 1 || urls.length === 0) {
  console.error('usage: node bench/lighthouse.mjs RUNS URL...');
  process.exit(2);
}
const categories = ['performance', 'accessibility', 'best-practices', 'seo'];
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    '--disable-default-apps', '--disable-extensions'],
  logLevel: 'silent',
});
const out = {lighthouse: require('lighthouse/package.json').version, runs: {}};
try {
  for (let i = 0; i < runs; i++) {
    for (const url of urls) {  // interleaved, so drift over time hits every page alike
      const result = await lighthouse(url, {port: chrome.port, logLevel: 'error', output: 'json',
        onlyCategories: categories, disableFullPageScreenshot: true}, {extends: 'lighthouse:default',
        // unscored (weight 0) and slow to gather: the back/forward-cache probe navigates away and back
        settings: {skipAudits: ['bf-cache', 'screenshot-thumbnails', 'final-screenshot']}});
      const lhr = result.lhr;
      if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const scores = Object.fromEntries(categories.map(c => [c, Math.round(lhr.categories[c].score * 100)]));
      const failed = Object.values(lhr.audits)
        .filter(a => a.score !== null && a.score < 1 && ['binary', 'numeric'].includes(a.scoreDisplayMode))
        .map(a => a.id);
      const requests = lhr.audits['network-requests']?.details?.items || [];
      const external = requests.map(r => r.url).filter(u => !u.startsWith(new URL(url).origin) && !u.startsWith('data:'));
      (out.runs[url] ||= []).push({...scores, bytes: lhr.audits['total-byte-weight'].numericValue,
        requests: requests.length, external, failed});
    }
  }
} finally {
  await chrome.kill();
}
console.log(JSON.stringify(out));
