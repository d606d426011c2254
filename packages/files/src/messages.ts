import { addMessages } from '@zhanqian/core';

addMessages({
  'files.tooLarge': {
    'zh-CN': '文件“{name}”过大：最大 {maxMb} MB',
    en: 'The file “{name}” is too large: at most {maxMb} MB',
  },
  'files.empty': { 'zh-CN': '文件“{name}”为空', en: 'The file “{name}” is empty' },
  'files.badType': {
    'zh-CN': '不支持的文件类型“{name}”：仅支持 {allowed}',
    en: 'Unsupported file type “{name}”: allowed are {allowed}',
  },
  'files.contentMismatch': {
    'zh-CN': '文件“{name}”的内容与其扩展名不符',
    en: 'The content of “{name}” does not match its extension',
  },
  'files.notFound': { 'zh-CN': '文件不存在', en: 'The file does not exist' },
});
