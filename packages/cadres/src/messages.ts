import { addMessages } from '@zhanqian/core';

/** The cadre domain's server messages (zh-CN first, English second). */
addMessages({
  'cadres.badIdCard': {
    'zh-CN': '身份证号码格式或校验位有误',
    en: 'The ID-card number is malformed or its check digit is wrong',
  },
  'cadres.weightsSum': {
    'zh-CN': '权重须为非负整数且合计 100.00%（当前 {sum}%）',
    en: 'Weights must be non-negative and sum to 100.00% (now {sum}%)',
  },
  'cadres.cadreNotFound': { 'zh-CN': '干部（编号 {id}）不存在', en: 'Cadre {id} does not exist' },
  'cadres.vacancyNotFound': { 'zh-CN': '职位（编号 {id}）不存在', en: 'Post {id} does not exist' },
  'cadres.campaignNotFound': {
    'zh-CN': '选拔活动（编号 {id}）不存在',
    en: 'Selection campaign {id} does not exist',
  },
  'cadres.candidateNotFound': { 'zh-CN': '候选人（编号 {id}）不存在', en: 'Candidate {id} does not exist' },
  'cadres.objectionNotFound': { 'zh-CN': '异议（编号 {id}）不存在', en: 'Objection {id} does not exist' },
  'cadres.vacancyNotOpen': { 'zh-CN': '该职位已不接受推荐', en: 'The post is no longer open' },
  'cadres.notEligible': {
    'zh-CN': '不符合任职资格：{reasons}',
    en: 'Not eligible: {reasonsEn}',
  },
  'cadres.duplicateNomination': {
    'zh-CN': '该干部已通过同一渠道被推荐到此职位',
    en: 'The cadre is already nominated for this post from the same source',
  },
  'cadres.duplicateEvaluation': {
    'zh-CN': '该评价人本年度已对此干部评分',
    en: 'This rater has already scored the cadre for the year',
  },
  'cadres.notACadre': {
    'zh-CN': '您尚无干部档案，不能自荐',
    en: 'You have no cadre file, so you cannot self-nominate',
  },
  'cadres.noIdCard': { 'zh-CN': '该干部未登记身份证号码', en: 'No ID-card number is on file for this cadre' },
  'cadres.futureDate': { 'zh-CN': '日期 {on} 晚于今天', en: 'The date {on} lies in the future' },
  'cadres.wrongStage': {
    'zh-CN': '当前环节（{stageLabel}）不能进行此操作',
    en: 'Not possible at the current stage ({stage})',
  },
  'cadres.notQualified': {
    'zh-CN': '该候选人未通过资格审查',
    en: 'The candidate did not pass the qualification review',
  },
  'cadres.outsidePublicity': {
    'zh-CN': '只能在公示期（{start} 至 {end}）内提出异议',
    en: 'Objections are accepted only during publicity ({start} to {end})',
  },
  'cadres.notDecided': {
    'zh-CN': '只能对公示中的拟任人选提出异议',
    en: 'Objections concern the candidates decided for appointment only',
  },
  'cadres.objectionResolved': { 'zh-CN': '该异议已处理', en: 'The objection is already resolved' },
  'cadres.alreadyRegistered': {
    'zh-CN': '该干部已报名本次选拔',
    en: 'The cadre is already registered in this campaign',
  },
  'cadres.leaderRecommender': {
    'zh-CN': '领导干部个人推荐须写明推荐人姓名和职务（谁推荐谁负责）',
    en: "A leading cadre's recommendation needs the recommender's name and post on record",
  },
  'cadres.massVotes': {
    'zh-CN': '群众推荐须填写得票数和参加推荐人数（得票数不能超过参加人数）',
    en: 'A mass recommendation needs the votes for and votes cast (for ≤ cast)',
  },
  'cadres.samePost': {
    'zh-CN': '交流后的单位和职务与现任相同',
    en: 'The new unit and post equal the current ones',
  },
  'cadres.badScore': { 'zh-CN': '分数须在 0.00 至 100.00 之间', en: 'A score lies between 0.00 and 100.00' },
  'cadres.campaign.illegal': {
    'zh-CN': '不能从“{fromLabel}”环节转到“{toLabel}”',
    en: 'A campaign cannot move from “{from}” to “{to}”',
  },
  'cadres.campaign.backdated': {
    'zh-CN': '环节日期 {on} 早于上一环节日期 {last}',
    en: 'The date {on} is earlier than the previous step ({last})',
  },
  'cadres.campaign.noCandidates': { 'zh-CN': '尚无人报名', en: 'Nobody has registered yet' },
  'cadres.campaign.reviewPending': {
    'zh-CN': '还有 {count} 名报名人员未完成资格审查',
    en: '{count} registrations still await the qualification review',
  },
  'cadres.campaign.noneQualified': {
    'zh-CN': '没有人通过资格审查',
    en: 'Nobody passed the qualification review',
  },
  'cadres.campaign.scoresMissing': {
    'zh-CN': '还有 {count} 名候选人缺少{stageLabel}成绩',
    en: '{count} candidates still lack a {stage} score',
  },
  'cadres.campaign.decidedCount': {
    'zh-CN': '拟任人选须为 1 至 {slots} 名（当前 {count} 名）',
    en: 'Between 1 and {slots} candidates must be decided (now {count})',
  },
  'cadres.campaign.publicityRunning': {
    'zh-CN': '任前公示期未满（公示截止 {end}）',
    en: 'The publicity period is not over (it ends on {end})',
  },
  'cadres.campaign.redecide': {
    'zh-CN': '仍有 {count} 名拟任人选在公示中，不能重新讨论决定',
    en: '{count} decided candidates are still in publicity: no new decision yet',
  },
  'cadres.campaign.concurrent': {
    'zh-CN': '该选拔活动刚被他人推进到下一环节，请刷新后重试',
    en: 'Someone else has just moved this campaign on; reload and try again',
  },
  'cadres.campaign.openObjections': {
    'zh-CN': '还有 {count} 件异议未处理',
    en: '{count} objections are still open',
  },
  'cadres.reason.notActive': { 'zh-CN': '非在职干部', en: 'not an active cadre' },
  'cadres.reason.rankMismatch': {
    'zh-CN': '职级不符（现为 {have}，应为 {need}）',
    en: 'wrong rank (has {have}, needs {need})',
  },
  'cadres.reason.yearsInLowerRank': {
    'zh-CN': '下一级职级任职年限不足（{have} 年，须 {need} 年）',
    en: 'too few years in the lower rank ({have}, needs {need})',
  },
  'cadres.reason.tooOld': {
    'zh-CN': '年龄超过限制（{age} 岁，上限 {max} 岁）',
    en: 'too old ({age}, limit {max})',
  },
  'cadres.reason.keyAdjustment': {
    'zh-CN': '所在领导班子被千分制考核列为重点调整',
    en: "the cadre's leadership team is up for key adjustment in the appraisal",
  },
  'cadres.reason.massVotesBelowThreshold': {
    'zh-CN': '群众推荐得票未达 {pct}%（{for}/{cast}）',
    en: 'mass recommendation below {pct}% ({for}/{cast})',
  },
});
addMessages({
  'cadres.selfNomination.closed': {
    'zh-CN': '该选拔已进入“{stageLabel}”环节，报名已截止，不再接受自荐',
    en: 'Registration for this selection has closed (it is at the {stage} stage): self-nominations are no longer accepted',
  },
  'cadres.selfNomination.notYet': {
    'zh-CN': '该选拔尚未开始报名，请在报名开始后自荐',
    en: 'Registration for this selection has not opened yet: nominate yourself once it opens',
  },
  'cadres.selfNomination.cancelled': {
    'zh-CN': '该选拔已撤销，不再接受自荐',
    en: 'This selection was cancelled: self-nominations are no longer accepted',
  },
  'cadres.campaign.voteOpen': {
    'zh-CN': '直接选举投票尚未结束，请先结束投票并计票',
    en: 'The direct election is still open: close and count it first',
  },
  'cadres.vote.notFound': { 'zh-CN': '投票（编号 {id}）不存在', en: 'Vote {id} does not exist' },
  'cadres.vote.notDirect': {
    'zh-CN': '只有公推直选才进行党员直接选举投票',
    en: 'Only a public recommendation and direct election campaign holds a members’ vote',
  },
  'cadres.vote.wrongStage': {
    'zh-CN': '直接选举在“讨论决定”环节进行（当前环节：{stageLabel}）',
    en: 'The direct election is held at the decision stage (now: {stage})',
  },
  'cadres.vote.alreadyOpen': {
    'zh-CN': '本次选拔已有一轮投票正在进行',
    en: 'A round of this campaign’s vote is already open',
  },
  'cadres.vote.noSeats': {
    'zh-CN': '拟任人选已满 {slots} 名，无需再投票',
    en: 'All {slots} seats are filled: no further round is needed',
  },
  'cadres.vote.noCandidates': {
    'zh-CN': '没有可供选举的候选人（须通过资格审查且尚未当选）',
    en: 'Nobody stands (a candidate must have passed the review and not be elected yet)',
  },
  'cadres.vote.notStanding': {
    'zh-CN': '候选人（编号 {ids}）不能列入选票：须通过资格审查且尚未当选',
    en: 'Candidates {ids} cannot be on the ballot: they must have passed the review and not be elected yet',
  },
  'cadres.vote.noElectorate': {
    'zh-CN': '该职位所在组织没有有选举权的正式党员',
    en: 'The post’s organization has no full member with a vote',
  },
  'cadres.vote.badQuorum': {
    'zh-CN': '投票率要求须为 1 至 99 之间的整数（%）',
    en: 'The quorum is a whole percentage between 1 and 99',
  },
  'cadres.vote.closed': { 'zh-CN': '本轮投票已结束', en: 'This round of the vote is closed' },
  'cadres.vote.notElector': {
    'zh-CN': '您不在本轮投票的选举人名单中（须为该组织的正式党员）',
    en: 'You are not on the roll of this vote (full members of the organization only)',
  },
  'cadres.vote.alreadyVoted': {
    'zh-CN': '您已投过票，每人只能投一次',
    en: 'You have already voted: each elector votes once',
  },
  'cadres.vote.duplicateChoice': {
    'zh-CN': '同一候选人只能选一次',
    en: 'A candidate can be marked only once',
  },
  'cadres.vote.notOnBallot': {
    'zh-CN': '所选人员不在本轮选票上',
    en: 'A marked person is not on this ballot',
  },
  'cadres.vote.tooManyChoices': {
    'zh-CN': '最多只能选 {seats} 名',
    en: 'Mark at most {seats}',
  },
  'cadres.vote.decidedByVote': {
    'zh-CN': '公推直选的拟任人选由党员直接选举产生，请通过投票确定',
    en: 'In a direct election the members’ vote decides: hold the vote instead',
  },
});
addMessages({
  'cadres.input.date': { 'zh-CN': '日期格式应为 YYYY-MM-DD', en: 'A date is written YYYY-MM-DD' },
});
