import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import type { SandboxContext } from './context.js';
import { issueApiKey } from './key-issuing.js';
import { deriveSecret, hashSecret } from './secrets.js';
import { storeAudio } from './uploads.js';

export const demoCompanyName = 'Demo Retail';
export const demoStoreCount = 50;

const demoPromos = [
  {
    file: 'promo-summer-sale.mp3',
    name: 'Summer Sale',
    category: 'promotion',
    description: 'Twenty percent off everything until Sunday.',
  },
  {
    file: 'promo-closing-time.mp3',
    name: 'Closing Time',
    category: 'announcement',
    description: 'The store closes in fifteen minutes.',
  },
  {
    file: 'announcement.mp3',
    name: 'Store Announcement',
    category: 'announcement',
    description: 'New product launch announcement.',
  },
];

const storeId = (n: number) => `store_${String(n).padStart(3, '0')}`;

/**
 * The demo company with its 50 stores, and its credentials. Keys are stored only hashed, so the demo key is
 * derived from the data directory's local secret instead of being stored: every start prints the same working
 * key, and a revoked demo key is replaced by the next one in the series.
 */
export async function seedDemoCompany(ctx: SandboxContext, localSecret: string) {
  const companyToken = deriveSecret(localSecret, 'company-token', 'comp_');
  let company = await ctx.db.keys.findCompanyByName(demoCompanyName);
  if (!company) {
    const created = await ctx.db.keys.createCompany(demoCompanyName, hashSecret(companyToken), ctx.clock());
    await ctx.db.keys.addLocations(
      created.id,
      Array.from({ length: demoStoreCount }, (_, i) => ({
        externalId: storeId(i + 1),
        name: `Store ${i + 1}`,
      })),
    );
    company = { ...created, tokenHash: hashSecret(companyToken) };
  } else if (company.tokenHash !== hashSecret(companyToken)) {
    await ctx.db.keys.setCompanyTokenHash(company.id, hashSecret(companyToken));
  }

  let generation = Number((await ctx.db.settings.get('demo_key_generation')) ?? '0');
  for (;;) {
    const apiKey = deriveSecret(localSecret, `demo-key-${generation}`, `${company.keyPrefix}_dev_`);
    const existing = await ctx.db.keys.findByHash(hashSecret(apiKey));
    if (existing && !existing.revokedAt)
      return { companyId: company.id, keyPrefix: company.keyPrefix, apiKey, companyToken };
    if (existing) {
      generation++;
      await ctx.db.settings.set('demo_key_generation', String(generation));
      continue;
    }
    await ctx.db.keys.insert({
      companyId: company.id,
      userId: (await ctx.db.keys.findLocations(company.id, [storeId(1)]))[0]!.userId,
      keyHash: hashSecret(apiKey),
      permissions: ['audio.read', 'audio.write', 'audio.delete', 'audio.send'],
      createdAt: ctx.clock(),
      expiresAt: null,
    });
    return { companyId: company.id, keyPrefix: company.keyPrefix, apiKey, companyToken };
  }
}

/** A few real promos, uploaded once: a second start finds them and adds nothing. */
export async function seedDemoAudio(ctx: SandboxContext, companyId: number): Promise<void> {
  if (await ctx.db.settings.get('demo_audio_seeded')) return;
  const directory = [
    path.join(__dirname, 'seed-audio'),
    // From dist/ and from src/rules/ in the workspace.
    path.join(__dirname, '..', '..', '..', 'shared', 'fixtures'),
    path.join(__dirname, '..', '..', '..', '..', 'shared', 'fixtures'),
  ].find((candidate) => existsSync(path.join(candidate, demoPromos[0]!.file)));
  if (!directory) throw new Error('The demo promos were not found next to the sandbox');
  for (const promo of demoPromos) {
    const temp = await ctx.files.writeTemp(createReadStream(path.join(directory, promo.file)));
    await storeAudio(ctx, companyId, temp, {
      name: promo.name,
      description: promo.description,
      category: promo.category,
    });
  }
  await ctx.db.settings.set('demo_audio_seeded', 'true');
}

export { issueApiKey, storeId };
