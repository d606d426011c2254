import { addStrings } from '@zhanqian/ui/i18n';

/**
 * The direct-line pages' strings, added when their chunk loads: kept out of the entry, whose
 * sign-in route has a 200 KB budget (scripts/bundle-size.ts).
 */
addStrings({
  'zh-CN': {
    'direct.mine': '我的来信',
    'direct.new': '写信',
    'direct.none': '还没有来信',
    'direct.due': '答复期限 {{date}}',
    'direct.status.received': '已受理',
    'direct.status.assigned': '办理中',
    'direct.status.answered': '已答复',
    'direct.status.closed': '已办结',
    'direct.side.member': '我',
    'direct.side.department': '区委组织部',
    'direct.followUp': '补充留言',
    'direct.followUpPh': '补充说明（答复前可追加）',
    'direct.rate': '评价答复',
    'direct.rateComment': '评价意见（选填）',
    'direct.rated': '感谢您的评价',
    'direct.yourRating': '我的评价',
  },
  en: {
    'direct.mine': 'My messages',
    'direct.new': 'Write',
    'direct.none': 'No messages yet',
    'direct.due': 'Answer due {{date}}',
    'direct.status.received': 'Received',
    'direct.status.assigned': 'In progress',
    'direct.status.answered': 'Answered',
    'direct.status.closed': 'Closed',
    'direct.side.member': 'Me',
    'direct.side.department': 'Organization department',
    'direct.followUp': 'Add a message',
    'direct.followUpPh': 'Add to your message (until it is answered)',
    'direct.rate': 'Rate the answer',
    'direct.rateComment': 'Comment (optional)',
    'direct.rated': 'Thank you for your rating',
    'direct.yourRating': 'My rating',
  },
});
