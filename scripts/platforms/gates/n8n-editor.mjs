// The n8n editor as a workflow author meets the nodes, in headless Chromium (as the Teams gate drives Agents
// Playground): the node panel lists one Musique app whose view holds its actions and its trigger, and the Send
// form shows the Stores hint. The checks read the page's DOM; the screenshots are the evidence, kept outside the
// repository in the gates' cache (<MUSIQUE_CACHE>/n8n-editor/<n8n version>/*.png).
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cacheDir, GateUnavailable, rootDir } from '../cache.mjs';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const waitMs = 30_000;
const storesHint = 'Store numbers or IDs, separated by commas, spaces or new lines';

/**
 * Drives the editor of a running n8n at `origin`; `sendWorkflowId` holds a Musique Send node named "Send to
 * stores"; `testEvents` (optional) is a workflow holding one node per trigger event the package offers, each with
 * `cause()` (makes the event happen in the sandbox) and `expect` (text its test event must show).
 */
export async function checkEditor({ origin, version, sendWorkflowId, testEvents }) {
  if (!existsSync(chromiumPath))
    throw new GateUnavailable(`Chromium is not at ${chromiumPath}: the n8n editor is checked in it.`);
  const { chromium } = createRequire(path.join(rootDir, 'packages/sandbox/package.json'))('playwright-core');
  const shots = cacheDir('n8n-editor', version);
  await mkdir(shots, { recursive: true });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: chromiumFlags,
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  // n8n's editor asks outside hosts for templates and telemetry; no gate reaches past this machine.
  await context.route(/^(?!https?:\/\/(127\.0\.0\.1|localhost)[:/])/, (route) => route.abort());
  const page = await context.newPage();
  const shoot = (name) => page.screenshot({ path: path.join(shots, `${name}.png`) }).catch(() => {});
  try {
    // A fresh n8n has no owner: setting one up signs the browser in (the cookie lands in this context).
    const setup = await context.request.post(`${origin}/rest/owner/setup`, {
      data: {
        email: 'gate@musique.test',
        firstName: 'Gate',
        lastName: 'Musique',
        password: `Gate-${randomUUID()}-1`,
      },
    });
    if (!setup.ok()) throw new Error(`n8n ${version}: owner setup answered ${setup.status()}`);

    await checkSendForm(page, origin, sendWorkflowId, shoot);
    await checkDocsLink(page);
    await checkNodePanel(page, origin, shoot);
    if (testEvents) await checkTestEvents(page, origin, testEvents, shoot);
    console.log(
      `    editor: one Musique app with New Audio first and no sandbox event; the sandbox trigger apart; Send shows the Stores hint; the Docs link has no fragment; ${testEvents?.nodes.length ?? 0} trigger events each gave a test event (${shots})`,
    );
  } catch (error) {
    await shoot('failure');
    error.message += `\n(what the n8n editor showed: ${shots}/failure.png)`;
    throw error;
  } finally {
    await browser.close();
  }
}

async function checkSendForm(page, origin, workflowId, shoot) {
  await page.goto(`${origin}/workflow/${workflowId}`);
  const node = page.locator('[data-test-id="canvas-node"]', { hasText: 'Send to stores' }).first();
  await node.waitFor({ timeout: waitMs });
  await node.dblclick();
  const hint = page.getByText(storesHint).first();
  await hint.waitFor({ timeout: waitMs }).catch(() => {
    throw new Error(`the Send form does not show the Stores hint ("${storesHint}…")`);
  });
  if (!(await hint.isVisible())) throw new Error('the Stores hint is in the page but not visible');
  await shoot('send-form');
}

async function checkNodePanel(page, origin, shoot) {
  await page.goto(`${origin}/workflow/new`);
  await page.locator('[data-test-id="canvas-add-button"]').first().click({ timeout: waitMs });
  const search = page.locator('[data-test-id="node-creator-search-bar"]').first();
  await search.waitFor({ timeout: waitMs });
  await search.fill('Musique');
  const names = page.locator('[data-test-id="node-creator-item-name"]');
  await names
    .filter({ hasText: /^Musique$/ })
    .first()
    .waitFor({ timeout: waitMs });
  const listed = (await names.allTextContents())
    .map((name) => name.trim())
    .filter((name) => /musique/i.test(name));
  await shoot('node-panel');
  // The app first; the sandbox's trigger only as a node of its own, after it (n8n drops " Trigger" there).
  if (JSON.stringify(listed) !== '["Musique","Musique Sandbox"]')
    throw new Error(
      `the node panel lists ${JSON.stringify(listed)} for "Musique", not the Musique app, then the Musique Sandbox Trigger`,
    );

  await names
    .filter({ hasText: /^Musique$/ })
    .first()
    .click();
  // The app's view: its trigger's events ("On new audio", ...) and its actions, each by its own name.
  const shown = async () => (await names.allTextContents()).map((name) => name.trim());
  await names
    .filter({ hasText: /^On new audio$/i })
    .first()
    .waitFor({ timeout: waitMs });
  if (!(await shown()).some((name) => /send an audio file to stores/i.test(name))) {
    // Opened from "Add first step", n8n may fold the actions under their heading.
    await page
      .getByText(/^Actions/)
      .first()
      .click({ timeout: 5000 })
      .catch(() => {});
  }
  await shoot('musique-app');
  const items = await shown();
  const missing = ['On new audio', 'Send an audio file to stores'].filter(
    (wanted) => !items.some((name) => name.toLowerCase() === wanted.toLowerCase()),
  );
  if (missing.length)
    throw new Error(`the Musique app's view lacks ${missing.join(', ')}; it shows ${JSON.stringify(items)}`);
  // Its triggers: New Audio first, and nothing that fails against the Musique API.
  const triggers = items.filter((name) => /^On /i.test(name));
  if (
    triggers[0]?.toLowerCase() !== 'on new audio' ||
    triggers.some((name) => /sandbox|created|deleted|delivered/i.test(name))
  )
    throw new Error(
      `the Musique app's triggers are ${JSON.stringify(triggers)}: New Audio first, no sandbox event`,
    );
}

/** The open node's Docs link: n8n appends its own query, so the link must carry no fragment before it. */
async function checkDocsLink(page) {
  const links = await page
    .locator('a[href*="musique-connect"]')
    .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')));
  if (!links.length) throw new Error('the Send form shows no Docs link to the Musique README');
  const broken = links.filter((href) => /#[^?]*\?/.test(href));
  if (broken.length) throw new Error(`a Docs link puts n8n's query after its fragment: ${broken.join(', ')}`);
}

/**
 * "Fetch Test Event" (or "Listen for test event") on every trigger event the package offers: each must show the
 * event's data, not "No ... data found" (what n8n shows when it polls a node whose webhook got the event).
 */
async function checkTestEvents(page, origin, { workflowId, nodes }, shoot) {
  for (const { name, ready, cause, expect } of nodes) {
    await page.goto(`${origin}/workflow/${workflowId}`);
    const node = page.locator('[data-test-id="canvas-node"]', { hasText: name }).first();
    await node.waitFor({ timeout: waitMs });
    await node.dblclick();
    const button = page
      .locator('[data-test-id="node-execute-button"], [data-test-id="trigger-execute-button"]')
      .filter({ visible: true })
      .first();
    await button.click({ timeout: waitMs });
    // A webhook trigger listens once its test URL is subscribed with the sandbox; then the event happens.
    await ready?.();
    await cause?.();
    const shown = page.getByText(expect).filter({ visible: true }).first();
    await shown.waitFor({ timeout: 60_000 }).catch(async () => {
      await shoot(`test-event-${slug(name)}`);
      const empty = await page.getByText(/No .* data found/i).count();
      throw new Error(
        `the test event of "${name}" does not show ${expect}${empty ? ' (n8n shows "No ... data found")' : ''}`,
      );
    });
    await shoot(`test-event-${slug(name)}`);
  }
}

const slug = (name) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
