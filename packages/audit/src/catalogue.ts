import type { AuditResult } from '@zhanqian/db';

/**
 * What the audit log's codes mean to a person (issue #21, item 12): every action code the
 * platform writes, and every procedure path (a refusal is recorded under the path it refused),
 * has a Simplified Chinese and an English label; the categories are the codes' first segment.
 * A test scans the sources for the codes written and the router for its paths: a code without
 * a label fails it.
 */

export type AuditLocale = 'zh-CN' | 'en';
type Label = readonly [zh: string, en: string];

/** Categories: the first segment of an action code. */
export const AUDIT_CATEGORIES: Record<string, Label> = {
  auth: ['登录与账号安全', 'Sign-in and account security'],
  accounts: ['账号管理', 'Accounts'],
  setup: ['首次设置', 'First-run set-up'],
  system: ['系统', 'System'],
  backup: ['备份与恢复', 'Backup and restore'],
  seed: ['演示数据', 'Demo data'],
  org: ['组织与党员', 'Units and members'],
  imports: ['数据导入', 'Imports'],
  exports: ['列表导出', 'List exports'],
  files: ['文件', 'Files'],
  inbox: ['消息', 'Messages'],
  directLine: ['党代表直通车', 'Direct line'],
  jobs: ['后台任务', 'Background jobs'],
  audit: ['审计', 'Audit'],
  scoring: ['千分制考核', 'Thousand-point appraisal'],
  stars: ['星级管理', 'Star-level management'],
  talent: ['人才工作', 'Talent'],
  cadres: ['干部工作', 'Cadres'],
};

/**
 * Every action code and procedure path. Codes ending in `.*` label a family written with a
 * computed last segment (`imports.commit.<kind>`) when its member has no label of its own.
 */
export const AUDIT_ACTIONS: Record<string, Label> = {
  // 登录与账号安全
  'auth.login': ['登录', 'Sign-in'],
  'auth.login.password': ['登录时修改初始或过期密码', 'New password at sign-in'],
  'auth.loginStep': ['登录第二步验证', 'Sign-in second step'],
  'auth.lockout': ['账号因多次失败被锁定', 'Account locked after failures'],
  'auth.logout': ['退出登录', 'Sign-out'],
  'auth.me': ['查看本人账号信息', 'Read own account'],
  'auth.changePassword': ['修改密码', 'Change password'],
  'auth.password.renew': ['更新过期密码', 'Renew expired password'],
  'auth.users.list': ['查看账号列表', 'List accounts'],
  'auth.users.create': ['创建账号', 'Create account'],
  'auth.users.unlock': ['解除账号锁定', 'Unlock account'],
  'auth.users.setRole': ['授予或变更角色', 'Grant or change role'],
  'auth.users.resetTotp': ['重置动态验证码', 'Reset second factor'],
  'auth.totp.begin': ['开始绑定身份验证器', 'Begin authenticator enrolment'],
  'auth.totp.confirm': ['确认绑定身份验证器', 'Confirm authenticator enrolment'],
  'auth.totp.enroll': ['绑定身份验证器', 'Enrol authenticator'],
  'auth.totp.disable': ['停用身份验证器', 'Disable authenticator'],
  'auth.totp.reset': ['重置动态验证码', 'Reset second factor'],
  // 账号管理
  'accounts.candidates': ['查看待开通账号的党员', 'List members without accounts'],
  'accounts.create': ['批量开通账号', 'Create accounts in bulk'],
  'accounts.createOne': ['创建账号', 'Create account'],
  'accounts.list': ['查询账号', 'Search accounts'],
  'accounts.reissue': ['重新签发激活码', 'Reissue activation code'],
  'accounts.resetPassword': ['重置密码', 'Reset password'],
  'accounts.pending': ['查看待授予角色的账号', 'List accounts awaiting a role'],
  'accounts.grantRoles': ['授予角色', 'Grant roles'],
  'accounts.activate': ['激活账号', 'Activate account'],
  'accounts.awaiting': ['查看本人待授权状态', 'Read own awaiting state'],
  // 首次设置、系统
  'setup.status': ['查看首次设置状态', 'Read set-up state'],
  'setup.init': ['首次设置：创建本区和管理员', 'First run: district and administrators'],
  'setup.code.issue': ['生成首次设置码', 'Issue set-up code'],
  'system.ping': ['连通性检查', 'Ping'],
  'system.info': ['查看平台信息', 'Platform information'],
  'backup.create': ['创建数据库备份', 'Create backup'],
  'backup.restore': ['恢复数据库备份', 'Restore backup'],
  seed: ['生成演示数据', 'Seed demo data'],
  // 组织与党员
  'org.overview': ['查看组织概况', 'Read org overview'],
  'org.tree': ['查看组织树', 'Read org tree'],
  'org.unit': ['查看组织', 'Read unit'],
  'org.createUnit': ['新建组织', 'Create unit'],
  'org.renameUnit': ['组织更名', 'Rename unit'],
  'org.moveUnit': ['调整上级组织', 'Move unit'],
  'org.mergeUnits': ['合并组织', 'Merge units'],
  'org.dissolveUnit': ['撤销组织', 'Dissolve unit'],
  'org.unitHistory': ['查看组织沿革', 'Read unit history'],
  'org.transferMember': ['党员组织关系转接', 'Transfer member'],
  'org.transferOut': ['党员转出本区', 'Transfer member out'],
  'org.confirmMember': ['预备党员转正', 'Confirm probationary member'],
  'org.recordDeath': ['登记党员去世', 'Record death'],
  'org.memberHistory': ['查看党员组织关系记录', 'Read member history'],
  'org.members': ['查看党员名册', 'List members'],
  'org.member': ['查看党员', 'Read member'],
  'org.revealMember': ['查看党员完整证件号或电话', 'Reveal member identifiers'],
  'org.setMemberPii': ['修改党员证件号或电话', 'Set member identifiers'],
  'org.findByIdCard': ['按身份证号查找党员', 'Find member by ID number'],
  'org.member.transfer': ['党员组织关系转接', 'Transfer member'],
  'org.member.transferOut': ['党员转出本区', 'Transfer member out'],
  'org.member.confirm': ['预备党员转正', 'Confirm probationary member'],
  'org.member.death': ['登记党员去世', 'Record death'],
  'org.member.reveal': ['查看党员完整证件号或电话', 'Reveal member identifiers'],
  'org.member.setPii': ['修改党员证件号或电话', 'Set member identifiers'],
  // 列表导出（issue #19）
  'exports.rankings': ['导出千分制考核排名', 'Export appraisal rankings'],
  'exports.bottomTwo': ['导出排名后两位', 'Export bottom two'],
  'exports.stars': ['导出星级评定', 'Export star ratings'],
  'exports.talents': ['导出人才名册', 'Export talent registry'],
  'exports.members': ['导出党员名册', 'Export member roster'],
  'exports.cadres': ['导出干部名册', 'Export cadre files'],
  'exports.status': ['查看导出进度', 'Read export progress'],
  'exports.download': ['下载导出文件', 'Download export file'],
  'exports.*': ['导出列表', 'Export list'],
  'exports.scoring.rankings': ['导出千分制考核排名', 'Export appraisal rankings'],
  'exports.scoring.bottomTwo': ['导出排名后两位', 'Export bottom two'],
  'exports.stars.entities': ['导出星级评定', 'Export star ratings'],
  'exports.talent.registry': ['导出人才名册', 'Export talent registry'],
  'exports.org.members': ['导出党员名册', 'Export member roster'],
  'exports.cadres.files': ['导出干部名册', 'Export cadre files'],
  // 数据导入、文件
  'imports.list': ['查看导入记录', 'List imports'],
  'imports.status': ['查看导入进度', 'Read import progress'],
  'imports.upload': ['上传导入文件', 'Upload import file'],
  'imports.dryRun': ['导入预检', 'Import dry run'],
  'imports.commit': ['提交导入', 'Commit import'],
  'imports.commit.*': ['导入数据', 'Import data'],
  'imports.commit.units': ['导入组织', 'Import units'],
  'imports.commit.members': ['导入党员名册', 'Import member roster'],
  'imports.commit.households': ['导入住户', 'Import households'],
  'imports.errorsXlsx': ['下载导入错误清单', 'Download import errors'],
  'imports.template': ['下载导入模板', 'Download import template'],
  'imports.grid': ['查看网格', 'Read grid'],
  'files.upload': ['上传文件', 'Upload file'],
  'files.download': ['下载文件', 'Download file'],
  // 消息、任务、审计
  'inbox.list': ['查看消息', 'Read messages'],
  'inbox.markRead': ['标记消息已读', 'Mark messages read'],
  'inbox.directLine': ['党代表直通车留言', 'Direct-line message'],
  'inbox.markAllRead': ['全部标为已读', 'Mark all messages read'],
  'inbox.unread': ['查看未读消息数', 'Read unread count'],
  'directLine.list': ['查看党代表直通车来信', 'List direct-line threads'],
  'directLine.get': ['查看党代表直通车来信详情', 'Read a direct-line thread'],
  'directLine.staff': ['查看可交办人员', 'List direct-line staff'],
  'directLine.open': ['党代表直通车来信', 'Write to the direct line'],
  'directLine.followUp': ['党代表直通车追加留言', 'Add to a direct-line thread'],
  'directLine.assign': ['交办党代表直通车来信', 'Assign a direct-line thread'],
  'directLine.answer': ['答复党代表直通车来信', 'Answer a direct-line thread'],
  'directLine.close': ['办结党代表直通车来信', 'Close a direct-line thread'],
  'directLine.rate': ['评价党代表直通车答复', 'Rate a direct-line answer'],
  'jobs.overview': ['查看后台任务概况', 'Read jobs overview'],
  'jobs.runs': ['查看任务运行记录', 'List job runs'],
  'jobs.series': ['查看任务统计', 'Read job series'],
  'jobs.definitions': ['查看任务定义', 'List job definitions'],
  'jobs.run': ['手动运行后台任务', 'Run job'],
  'audit.list': ['查看审计日志', 'Read audit log'],
  'audit.get': ['查看审计记录详情', 'Read audit record'],
  'audit.catalogue': ['查看审计事件分类', 'Read audit catalogue'],
  'audit.actors': ['查找操作人', 'Find actors'],
  'audit.verify': ['校验审计链', 'Verify audit chain'],
  'audit.securityActions': ['查看安全事件类型', 'List security events'],
  'audit.export': ['导出审计日志', 'Export audit log'],
  'audit.exportXlsx': ['导出审计日志（Excel）', 'Export audit log (xlsx)'],
  // 千分制考核
  'scoring.scheme.years': ['查看考核年度', 'List appraisal years'],
  'scoring.scheme.get': ['查看考核方案', 'Read scheme'],
  'scoring.scheme.validate': ['校验考核方案', 'Validate scheme'],
  'scoring.scheme.save': ['保存考核方案', 'Save scheme'],
  'scoring.scheme.copy': ['复制上年考核方案', 'Copy scheme'],
  'scoring.scheme.setStatus': ['变更方案状态（发布、关闭）', 'Change scheme status'],
  'scoring.scheme.exportXlsx': ['导出考核方案', 'Export scheme'],
  'scoring.scheme.importXlsx': ['导入考核方案', 'Import scheme'],
  'scoring.scheme.import': ['导入考核方案', 'Import scheme'],
  'scoring.subjects.list': ['查看被考核班子', 'List subjects'],
  'scoring.subjects.add': ['添加被考核班子', 'Add subject'],
  'scoring.report.mine': ['查看本单位上报', 'Read own reports'],
  'scoring.report.submit': ['上报指标完成情况', 'Submit report'],
  'scoring.report.import': ['导入指标上报', 'Import report'],
  'scoring.review.queue': ['查看待审核上报', 'Read review queue'],
  'scoring.review.decide': ['审核上报', 'Review report'],
  'scoring.review.approve': ['审核通过', 'Approve report'],
  'scoring.review.return': ['退回上报', 'Return report'],
  'scoring.review.many': ['批量审核上报', 'Review reports in bulk'],
  'scoring.reports.template': ['下载上报导入模板', 'Download report template'],
  'scoring.reports.dryRun': ['上报导入预检', 'Report import dry run'],
  'scoring.reports.import': ['批量导入指标上报', 'Import reports'],
  'scoring.reports.reviewMany': ['批量审核上报', 'Review reports in bulk'],
  'scoring.results.rankings': ['查看考核排名', 'Read rankings'],
  'scoring.results.yearOverYear': ['查看年度对比', 'Read year over year'],
  'scoring.results.bottomTwo': ['查看排名后两位', 'Read bottom two'],
  'scoring.results.keyAdjustment': ['查看重点调整名单', 'Read key adjustment'],
  'scoring.results.priority': ['查看优先考虑名单', 'Read priority list'],
  'scoring.results.awards': ['查看考核奖励', 'Read awards'],
  'scoring.results.personal': ['查看个人得分', 'Read personal scores'],
  'scoring.results.recompute': ['重新计算考核结果', 'Recompute results'],
  'scoring.recompute': ['重新计算考核结果', 'Recompute results'],
  'scoring.objection.list': ['查看异议', 'List objections'],
  'scoring.objection.raise': ['提出异议', 'Raise objection'],
  'scoring.objection.resolve': ['处理异议', 'Resolve objection'],
  'scoring.history.template': ['下载历年结果导入模板', 'Download history template'],
  'scoring.history.dryRun': ['历年结果导入预检', 'History import dry run'],
  'scoring.history.import': ['导入历年考核结果', 'Import past results'],
  // 星级管理
  'stars.criteria': ['查看评星标准', 'Read criteria'],
  'stars.setCriteria': ['设置评星标准', 'Set criteria'],
  'stars.initYear': ['开启评星年度', 'Open rating year'],
  'stars.config': ['查看星级设置', 'Read star settings'],
  'stars.setConfig': ['修改星级设置', 'Change star settings'],
  'stars.entities': ['查看评星对象', 'List rated entities'],
  'stars.explain': ['查看星级明细', 'Explain stars'],
  'stars.rate': ['评星', 'Rate'],
  'stars.importTemplate': ['下载评星导入模板', 'Download rating template'],
  'stars.importRatings': ['导入评星结果', 'Import ratings'],
  'stars.recompute': ['重新计算星级', 'Recompute stars'],
  'stars.stats': ['查看星级统计', 'Read star statistics'],
  'stars.trend': ['查看星级趋势', 'Read star trend'],
  'stars.bonus': ['查看星级奖励', 'Read star bonus'],
  'stars.payList': ['查看奖励发放表', 'Read pay list'],
  'stars.payListXlsx': ['导出奖励发放表', 'Export pay list'],
  'stars.mine': ['查看本人星级', 'Read own stars'],
  // 人才工作
  'talent.registry.tiers': ['查看人才层次', 'List tiers'],
  'talent.registry.createTier': ['新增人才层次', 'Create tier'],
  'talent.registry.updateTier': ['修改人才层次', 'Update tier'],
  'talent.registry.catalogue': ['查看急需紧缺人才目录', 'Read scarce-talent catalogue'],
  'talent.registry.addCatalogueField': ['新增目录领域', 'Add catalogue field'],
  'talent.registry.updateCatalogueField': ['修改目录领域', 'Update catalogue field'],
  'talent.registry.removeCatalogueField': ['删除目录领域', 'Remove catalogue field'],
  'talent.registry.copyCatalogue': ['复制上年目录', 'Copy catalogue'],
  'talent.registry.list': ['查看人才库', 'List talent registry'],
  'talent.registry.get': ['查看人才信息', 'Read talent'],
  'talent.registry.create': ['新增人才', 'Add talent'],
  'talent.registry.update': ['修改人才信息', 'Update talent'],
  'talent.registry.template': ['下载人才导入模板', 'Download registry template'],
  'talent.registry.export': ['导出人才库', 'Export registry'],
  'talent.registry.dryRun': ['人才库导入预检', 'Registry import dry run'],
  'talent.registry.import': ['导入人才库', 'Import registry'],
  'talent.registry.import.*': ['导入人才库记录', 'Import registry record'],
  'talent.registry.import.create': ['导入新增人才', 'Import: new talent'],
  'talent.registry.import.update': ['导入更新人才', 'Import: updated talent'],
  'talent.applications.list': ['查看补贴申请', 'List applications'],
  'talent.applications.get': ['查看补贴申请详情', 'Read application'],
  'talent.applications.mine': ['查看本人补贴申请', 'Read own applications'],
  'talent.applications.eligibility': ['查看补贴资格', 'Check eligibility'],
  'talent.applications.submit': ['提交补贴申请', 'Submit application'],
  'talent.applications.transition': ['处理补贴申请', 'Process application'],
  'talent.applications.*': ['处理补贴申请', 'Process application'],
  'talent.applications.review': ['补贴申请审核', 'Verify application'],
  'talent.applications.approve': ['批准补贴', 'Approve subsidy'],
  'talent.applications.reject': ['驳回补贴申请', 'Reject application'],
  'talent.applications.disburse': ['拨付补贴', 'Pay subsidy'],
  'talent.applications.cancel': ['取消补贴申请', 'Cancel application'],
  'talent.applications.withdraw': ['撤回补贴申请', 'Withdraw application'],
  'talent.applications.attach': ['上传申请附件', 'Attach file'],
  'talent.applications.detach': ['删除申请附件', 'Remove attachment'],
  'talent.fund.summary': ['查看专项资金概况', 'Read fund summary'],
  'talent.fund.entries': ['查看资金明细', 'List fund entries'],
  'talent.fund.open': ['设立人才专项资金', 'Open fund'],
  'talent.fund.budget': ['下达资金预算', 'Budget fund'],
  'talent.fund.reverse': ['冲正资金记录', 'Reverse fund entry'],
  'talent.awards.cycles': ['查看人才评选', 'List award cycles'],
  'talent.awards.cycle': ['查看评选详情', 'Read award cycle'],
  'talent.awards.createCycle': ['新建人才评选', 'Create award cycle'],
  'talent.awards.addExpert': ['添加评审专家', 'Add expert'],
  'talent.awards.nominate': ['推荐人选', 'Nominate'],
  'talent.awards.startScoring': ['开始专家评审', 'Start scoring'],
  'talent.awards.score': ['专家评分', 'Score nomination'],
  'talent.awards.shortlist': ['确定入围名单', 'Shortlist'],
  'talent.awards.publish': ['公示评选结果', 'Publish results'],
  'talent.awards.withdrawNomination': ['撤回推荐', 'Withdraw nomination'],
  'talent.awards.confer': ['授予称号', 'Confer titles'],
  'talent.reports.flow': ['查看人才流动统计', 'Read talent flow'],
  'talent.reports.awards': ['查看评选统计', 'Read award statistics'],
  'talent.reports.xlsx': ['导出人才统计', 'Export talent statistics'],
  'talent.settings.duties': ['查看资金岗位分离设置', 'Read duty separation'],
  'talent.settings.saveDuties': ['修改资金岗位分离设置', 'Change duty separation'],
  // 干部工作
  'cadres.files.list': ['查看干部档案', 'List cadre files'],
  'cadres.files.get': ['查看干部档案详情', 'Read cadre file'],
  'cadres.files.create': ['新建干部档案', 'Create cadre file'],
  'cadres.files.update': ['修改干部档案', 'Update cadre file'],
  'cadres.files.revealIdCard': ['查看干部完整身份证号', 'Reveal cadre ID number'],
  'cadres.evaluations.table': ['查看干部考评', 'Read evaluations'],
  'cadres.evaluations.weights': ['查看考评权重', 'Read weights'],
  'cadres.evaluations.setWeights': ['设置考评权重', 'Set weights'],
  'cadres.evaluations.record': ['录入干部考评', 'Record evaluation'],
  'cadres.nominations.posts': ['查看空缺岗位', 'List vacancies'],
  'cadres.nominations.createPost': ['新增空缺岗位', 'Create vacancy'],
  'cadres.nominations.eligibility': ['查看推荐资格', 'Check eligibility'],
  'cadres.nominations.list': ['查看干部推荐', 'List nominations'],
  'cadres.nominations.create': ['推荐干部', 'Nominate cadre'],
  'cadres.campaigns.board': ['查看选拔工作台', 'Read selection board'],
  'cadres.campaigns.get': ['查看选拔详情', 'Read selection'],
  'cadres.campaigns.create': ['发起干部选拔', 'Start selection'],
  'cadres.campaigns.transition': ['推进选拔环节', 'Advance selection'],
  'cadres.campaigns.register': ['报名登记', 'Register candidate'],
  'cadres.campaigns.review': ['资格审查', 'Qualification review'],
  'cadres.campaigns.score': ['录入笔试面试成绩', 'Record scores'],
  'cadres.campaigns.decide': ['讨论决定', 'Decide'],
  'cadres.campaigns.fileObjection': ['登记公示异议', 'File objection'],
  'cadres.campaigns.resolveObjection': ['处理公示异议', 'Resolve objection'],
  'cadres.votes.open': ['开启公推直选投票', 'Open vote'],
  'cadres.votes.close': ['结束投票并计票', 'Close and count vote'],
  'cadres.rotation.due': ['查看应轮岗干部', 'List cadres due for rotation'],
  'cadres.rotation.list': ['查看轮岗交流记录', 'List rotations'],
  'cadres.rotation.personTimes': ['查看轮岗人次', 'Read person-times'],
  'cadres.rotation.record': ['登记轮岗交流', 'Record rotation'],
  'cadres.self.openPosts': ['查看可自荐岗位', 'List open posts'],
  'cadres.self.nominate': ['干部自荐', 'Self-nominate'],
  'cadres.self.votes': ['查看本人可参加的投票', 'List own votes'],
  'cadres.self.cast': ['投票', 'Cast ballot'],
  'cadres.self.mine': ['查看本人自荐', 'Read own nominations'],
  'cadres.self.campaign': ['查看选拔公示', 'Read selection'],
  'cadres.holidays': ['查看节假日', 'Read holidays'],
};

/** What an object type is, in words. */
export const AUDIT_OBJECT_TYPES: Record<string, Label> = {
  export_file: ['导出文件', 'Export file'],
  app_user: ['账号', 'Account'],
  org_unit: ['组织', 'Unit'],
  member: ['党员', 'Member'],
  procedure: ['功能', 'Function'],
  audit_log: ['审计日志', 'Audit log'],
  database: ['数据库', 'Database'],
  setup_code: ['设置码', 'Set-up code'],
  notice: ['消息', 'Message'],
  direct_line_thread: ['党代表直通车来信', 'Direct-line thread'],
  job: ['后台任务', 'Job'],
  import_batch: ['导入批次', 'Import batch'],
  evidence_file: ['文件', 'File'],
  scoring_scheme: ['考核方案', 'Scheme'],
  scoring_subject: ['被考核班子', 'Subject'],
  scoring_report: ['指标上报', 'Report'],
  scoring_objection: ['考核异议', 'Objection'],
  scoring_result_version: ['考核结果', 'Results'],
  star_config: ['星级设置', 'Star settings'],
  star_criterion: ['评星标准', 'Criterion'],
  star_snapshot: ['星级结果', 'Star results'],
  'star_rating.*': ['评星', 'Rating'],
  'star_rating.household': ['户评星', 'Household rating'],
  'star_rating.member': ['党员评星', 'Member rating'],
  'star_rating.branch': ['支部评星', 'Branch rating'],
  'star_rating.committee': ['社区党委评星', 'Committee rating'],
  talent_person: ['人才', 'Talent'],
  talent_tier: ['人才层次', 'Tier'],
  talent_catalogue: ['急需紧缺人才目录', 'Catalogue'],
  talent_registry: ['人才库', 'Registry'],
  talent_subsidy_application: ['补贴申请', 'Subsidy application'],
  talent_attachment: ['申请附件', 'Attachment'],
  talent_fund: ['人才专项资金', 'Fund'],
  talent_fund_entry: ['资金记录', 'Fund entry'],
  talent_award_cycle: ['人才评选', 'Award cycle'],
  talent_award_expert: ['评审专家', 'Expert'],
  talent_award_score: ['专家评分', 'Score'],
  talent_nomination: ['评选推荐', 'Nomination'],
  talent_duty_pair: ['岗位分离设置', 'Duty separation'],
  cadre: ['干部', 'Cadre'],
  cadre_campaign: ['干部选拔', 'Selection'],
  cadre_candidate: ['选拔人选', 'Candidate'],
  cadre_eval_weight: ['考评权重', 'Weights'],
  cadre_evaluation: ['干部考评', 'Evaluation'],
  cadre_nomination: ['干部推荐', 'Nomination'],
  cadre_objection: ['公示异议', 'Objection'],
  cadre_rotation: ['轮岗交流', 'Rotation'],
  cadre_vacancy: ['空缺岗位', 'Vacancy'],
  cadre_vote: ['公推直选投票', 'Vote'],
};

export const AUDIT_RESULTS: Record<AuditResult, Label> = {
  ok: ['成功', 'Succeeded'],
  failed: ['失败', 'Failed'],
  denied: ['拒绝（无权限）', 'Denied'],
};

/** Field names met in before/after payloads, for the detail view. */
export const AUDIT_FIELDS: Record<string, Label> = {
  role: ['角色', 'Role'],
  proposed: ['拟定角色', 'Proposed role'],
  proposedRole: ['拟定角色', 'Proposed role'],
  username: ['账号', 'User name'],
  display_name: ['姓名', 'Name'],
  displayName: ['姓名', 'Name'],
  name: ['名称', 'Name'],
  title: ['标题', 'Title'],
  status: ['状态', 'Status'],
  reason: ['原因', 'Reason'],
  step: ['步骤', 'Step'],
  locked_until: ['锁定至', 'Locked until'],
  failed_count: ['失败次数', 'Failures'],
  password_must_change: ['须修改密码', 'Must change password'],
  totp_enrolled: ['已绑定身份验证器', 'Authenticator enrolled'],
  org_unit_id: ['所属组织', 'Unit'],
  orgUnitId: ['所属组织', 'Unit'],
  member_id: ['党员', 'Member'],
  memberId: ['党员', 'Member'],
  activationExpiresAt: ['激活码有效期至', 'Activation code valid until'],
  sessionsRevoked: ['已注销的会话', 'Sessions ended'],
  mustChange: ['须修改密码', 'Must change password'],
  records: ['记录数', 'Records'],
  format: ['格式', 'Format'],
  filter: ['筛选条件', 'Filter'],
  needed: ['所需权限', 'Permission needed'],
  year: ['年度', 'Year'],
  amount: ['金额（分）', 'Amount (fen)'],
  code: ['编码', 'Code'],
  kind: ['类型', 'Kind'],
  parent_id: ['上级组织', 'Parent unit'],
  effectiveOn: ['生效日期', 'Effective on'],
};

const pick = (label: Label, locale: AuditLocale) => (locale === 'en' ? label[1] : label[0]);

/** The label of a code, or of its family (`a.b.*`), or undefined. */
function lookup(table: Record<string, Label>, code: string): Label | undefined {
  const exact = table[code];
  if (exact) return exact;
  for (let i = code.lastIndexOf('.'); i > 0; i = code.lastIndexOf('.', i - 1)) {
    const family = table[`${code.slice(0, i)}.*`];
    if (family) return family;
  }
  return undefined;
}

/** True when the code has a label of its own or of its family. */
export const hasActionLabel = (code: string): boolean => lookup(AUDIT_ACTIONS, code) !== undefined;

/** The category of a code: its first segment. */
export const actionCategory = (code: string): string => code.split('.')[0]!;

export function categoryLabel(category: string, locale: AuditLocale = 'zh-CN'): string {
  const label = AUDIT_CATEGORIES[category];
  return label ? pick(label, locale) : category;
}

/** The action in words; a code without a label (none should exist) is shown as it is. */
export function actionLabel(code: string, locale: AuditLocale = 'zh-CN'): string {
  const label = lookup(AUDIT_ACTIONS, code);
  return label ? pick(label, locale) : code;
}

export function objectTypeLabel(type: string, locale: AuditLocale = 'zh-CN'): string {
  const label = lookup(AUDIT_OBJECT_TYPES, type);
  return label ? pick(label, locale) : type;
}

export function resultLabel(result: string, locale: AuditLocale = 'zh-CN'): string {
  const label = AUDIT_RESULTS[result as AuditResult];
  return label ? pick(label, locale) : result;
}

export function fieldLabel(field: string, locale: AuditLocale = 'zh-CN'): string {
  const label = AUDIT_FIELDS[field];
  return label ? pick(label, locale) : field;
}

export interface AuditCatalogue {
  categories: { code: string; label: string; actions: { code: string; label: string }[] }[];
  results: { code: AuditResult; label: string }[];
}

/** Categories with their actions (families and duplicates of the same label left out), for filters. */
export function auditCatalogue(locale: AuditLocale = 'zh-CN'): AuditCatalogue {
  const categories = Object.keys(AUDIT_CATEGORIES).map((code) => ({
    code,
    label: categoryLabel(code, locale),
    actions: Object.keys(AUDIT_ACTIONS)
      .filter((a) => actionCategory(a) === code && !a.endsWith('.*'))
      .map((a) => ({ code: a, label: actionLabel(a, locale) })),
  }));
  return {
    categories,
    results: (Object.keys(AUDIT_RESULTS) as AuditResult[]).map((code) => ({
      code,
      label: resultLabel(code, locale),
    })),
  };
}
