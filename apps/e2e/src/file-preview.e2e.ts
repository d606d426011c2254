import type { BrowserContext, Frame, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, DESKTOP, login, openBrowser, PHONE, shot } from './browser.ts';

// Issue #21 item 15: the evidence preview was blank for PDF: the screens framed a blob: URL,
// which the content security policy refuses (and every answer forbade framing). The preview
// now frames /files/:id?inline=1, which the server lets the platform's own pages frame. Each
// preview must show the PDF in the browser's viewer, in the console and on the phone.

const poll = expect.poll;

/** A one-page PDF with a line of text and a valid cross-reference table. */
function pdf(text: string): Buffer {
  const content = `BT /F1 28 Tf 30 100 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const PDF_VIEWER = 'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/';

/**
 * The preview's frame shows the PDF: the frame holds the file itself (not Chromium's error page
 * for a refused frame), Chromium's PDF viewer runs in it, and the rendered area has a white
 * page with dark text on it (not a blank or an error icon).
 */
async function expectPdfShown(page: Page, frame: Locator, fileId: string, name: string): Promise<void> {
  await frame.waitFor();
  expect(await frame.getAttribute('src')).toBe(`/files/${fileId}?inline=1`);
  const inner = (await (await frame.elementHandle())!.contentFrame()) as Frame;
  await poll(() => inner.url()).toBe(`${baseUrl()}/files/${fileId}?inline=1`);
  await poll(() => inner.childFrames().some((f) => f.url().startsWith(PDF_VIEWER)), {
    timeout: 20_000,
  }).toBe(true);
  // the rendered pixels: a white page with text (counted on a blank page, outside the app's CSP)
  let counts = { white: 0, dark: 0, total: 0 };
  for (let attempt = 0; attempt < 20; attempt++) {
    await page.waitForTimeout(500);
    const png = (await frame.screenshot()).toString('base64');
    const scratch = await page.context().newPage();
    counts = await scratch.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const g = canvas.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const { data } = g.getImageData(0, 0, img.width, img.height);
      let white = 0;
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) {
        const l = (data[i]! + data[i + 1]! + data[i + 2]!) / 3;
        if (l > 250) white++;
        else if (l < 60) dark++;
      }
      return { white, dark, total: data.length / 4 };
    }, png);
    await scratch.close();
    if (counts.white > counts.total * 0.1 && counts.dark > 50) break;
  }
  await shot(page, name);
  expect(counts.white, 'a white page').toBeGreaterThan(counts.total * 0.1);
  expect(counts.dark, 'text on it').toBeGreaterThan(50);
}

describe('PDF previews (the console and the phone)', () => {
  let desk: BrowserContext;
  let phone: BrowserContext;
  beforeAll(async () => {
    desk = await openBrowser(DESKTOP);
    phone = await openBrowser(PHONE);
  });
  afterAll(async () => {
    await desk?.close();
    await phone?.close();
  });

  it('the assessment office previews a PDF evidence file in 上报审核', async () => {
    // The street's reporter attaches a PDF to its report awaiting review (ZS02-1), through the
    // API as the report form does; the report is put back as it was at the end.
    const reporter = await desk.newPage();
    await login(reporter, 'admin', 'tianbao');
    const headers = { 'x-zq-client': 'web', origin: baseUrl() };
    const mine = await reporter.request.get(
      `${baseUrl()}/trpc/scoring.report.mine?input=${encodeURIComponent(JSON.stringify({ year: 2026 }))}`,
    );
    expect(mine.status()).toBe(200);
    const data = (await mine.json()).result.data as {
      subject: { id: number };
      rows: {
        indicator: { id: number; code: string };
        report: { value: number; note: string | null; evidence_id: string | null; status: string } | null;
      }[];
    };
    // In the whole suite the appraisal's batch review may already have approved every report of
    // the street: then a not yet reported indicator gets a fresh report (nothing to put back).
    const row =
      data.rows.find((r) => r.report?.status === 'reported') ??
      data.rows.find((r) => r.report === null || r.report.status === 'rejected')!;
    expect(row).toBeDefined();
    const previous = row.report?.status === 'reported' ? row.report : null;
    const upload = await reporter.request.post(`${baseUrl()}/files`, {
      headers,
      multipart: {
        file: {
          name: '招商引资签约台账.pdf',
          mimeType: 'application/pdf',
          buffer: pdf('Investment ledger 2026'),
        },
      },
    });
    expect(upload.status()).toBe(201);
    const file = (await upload.json()) as { id: string };
    const note = '端到端测试：PDF 佐证预览';
    const submit = (body: object) =>
      reporter.request.post(`${baseUrl()}/trpc/scoring.report.submit`, {
        headers: { ...headers, 'content-type': 'application/json' },
        data: body,
      });
    const submitted = await submit({
      subjectId: data.subject.id,
      indicatorId: row.indicator.id,
      value: row.report?.value ?? 1,
      evidenceId: file.id,
      note,
    });
    expect(submitted.status()).toBe(200);
    await desk.clearCookies();

    try {
      const kaohe = await desk.newPage();
      const errors: string[] = [];
      kaohe.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await login(kaohe, 'admin', 'kaohe');
      await kaohe.goto(`${baseUrl()}/admin/scoring/review`);
      await kaohe.getByTestId('review-table').locator('.ant-table-row').first().waitFor();
      await kaohe.getByTestId('review-search').locator('input').fill(row.indicator.code);
      await kaohe.getByTestId('review-search').locator('input').press('Enter');
      const line = kaohe.locator('.ant-table-row', { hasText: note });
      await line.waitFor();
      await line.getByTestId('evidence-link').click();
      const preview = kaohe.getByTestId('evidence-preview');
      await expectPdfShown(kaohe, preview.locator('iframe'), file.id, 'preview-admin-review-pdf');
      expect(await kaohe.locator('.ant-modal:visible .ant-modal-title').textContent()).toBe(
        '招商引资签约台账.pdf',
      );
      // no refusal by the content security policy, nor any other error
      expect(errors.filter((e) => /Content Security Policy|Refused|violates/i.test(e))).toEqual([]);
      await kaohe.close();
    } finally {
      await desk.clearCookies();
      await login(reporter, 'admin', 'tianbao');
      if (previous) {
        const restored = await submit({
          subjectId: data.subject.id,
          indicatorId: row.indicator.id,
          value: previous.value,
          evidenceId: previous.evidence_id,
          note: previous.note,
        });
        expect(restored.status()).toBe(200);
      }
      await reporter.close();
      await desk.clearCookies();
    }
  });

  it('the talent previews a PDF attachment of their application on the phone', async () => {
    const member = await phone.newPage();
    const errors: string[] = [];
    member.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await login(member, 'm', 'dangyuan');
    await member.goto(`${baseUrl()}/m/talent`);
    await member.getByTestId('tl-m-record').waitFor();
    // the seeded settling application awaits a decision: documents may be added
    const card = member.getByTestId('tl-m-app-settling');
    await card.waitFor();
    const name = '硕士学位证书.pdf';
    await card.locator('input[type="file"]').setInputFiles({
      name,
      mimeType: 'application/pdf',
      buffer: pdf('Master of Engineering 2015'),
    });
    await poll(() => member.getByTestId('tl-m-notice').textContent()).toContain(`已添加材料：${name}`);
    await card.getByTestId('tl-m-att-item').filter({ hasText: name }).click();
    const preview = member.getByTestId('tl-m-att-preview');
    const frame = preview.locator('iframe');
    await frame.waitFor();
    const fileId = /\/files\/([0-9a-f-]{36})\?inline=1$/.exec((await frame.getAttribute('src')) ?? '')?.[1];
    expect(fileId).toBeDefined();
    await expectPdfShown(member, frame, fileId!, 'preview-member-attachment-pdf');
    // a phone whose browser shows no PDF in a page opens it in a new one
    expect(await preview.getByRole('link', { name: '看不到内容？在新页面打开' }).getAttribute('href')).toBe(
      `/files/${fileId}?inline=1`,
    );
    expect(errors.filter((e) => /Content Security Policy|Refused|violates/i.test(e))).toEqual([]);
    await member.close();
  });
});
