import i18next from 'i18next';
import { expect, it } from 'vitest';
import { addStrings, initI18n } from './i18n.ts';

it('keeps the strings a module registers before the shell initializes i18next, and those after', async () => {
  addStrings({ 'zh-CN': { 'test.early': '激活账号' }, en: { 'test.early': 'Activate' } });
  initI18n({ 'zh-CN': { 'test.shell': '首页' }, en: { 'test.shell': 'Home' } });
  await new Promise((r) => setTimeout(r, 0));
  addStrings({ 'zh-CN': { 'test.late': '数据导入' }, en: { 'test.late': 'Data import' } });
  expect(i18next.t('test.early')).toBe('激活账号');
  expect(i18next.t('test.shell')).toBe('首页');
  expect(i18next.t('test.late')).toBe('数据导入');
  expect(i18next.t('test.early', { lng: 'en' })).toBe('Activate');
});
