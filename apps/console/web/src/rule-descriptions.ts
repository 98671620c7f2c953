import type { Locale } from './i18n';

/** The rule catalog describes each rule in English; Chinese readers get these, by rule id. */
const ZH: Record<string, string> = {
  'unbind.unknown-device': '从账户上未确立的设备解绑银行卡',
  'unbind.unknown-ip': '从窗口期内账户未出现过的 IP 地址解绑银行卡',
  'unbind.after-takeover-signal': '在联系方式变更、重置密码或新设备登录后的窗口期内解绑银行卡',
  'card.swap': '窗口期内解绑一张银行卡并绑定另一张',
  'unbind.non-user-without-consent': '合作方、商户或客服渠道在未经借款人授权的情况下解绑',
  'unbind.repeated': '窗口期内至少解绑 N 次',
  'unbind.only-card-in-repayment': '贷款还款期间解绑了唯一绑定的银行卡',
  'loan.without-consent': '开立贷款前的窗口期内没有针对该贷款的授权验证',
  'loan.partner-unknown-device': '通过合作方或商户渠道、从陌生设备或 IP 开立贷款',
  'loan.new-device': '从账户上未确立的设备开立贷款',
  'loan.after-redirect': '换卡或联系方式变更后的窗口期内开立贷款',
  'loan.velocity': '窗口期内至少开立 N 笔贷款',
  'loan.amount-anomaly': '当日贷款合计至少为该账户贷款中位数的 F 倍（此前至少 N 笔贷款）',
  'loan.outsized-after-reset': '从陌生网络或设备重置密码后的窗口期内，当日贷款合计至少为该账户贷款中位数的 F 倍',
  'loan.pace': '窗口期内至少 N 笔现金贷款，合计至少为此前贷款中位数的 F 倍',
  'loan.to-new-holder-card': '开立贷款时绑定着窗口期内新绑定、持卡人与该账户此前各卡均不同的银行卡',
  'benign.face-consent': '该笔贷款或换卡经过人脸核验（降低分数）',
  'benign.otp-trusted-contact': '短信验证码发送至长期在用且非接管途径设置的手机号（降低分数）',
  'benign.card-own-name': '绑定的银行卡持卡人与该账户此前的卡相同（降低分数）',
  'benign.settled-device': '操作来自已使用至少 N 天且近期出现过的受信任设备（降低分数）',
  'loan.dormant-account': '在 N 天无活动的账户上开立贷款',
  'loan.expired-document': '身份证件过期时开立贷款',
  'notice.card-invalidated': '银行卡被银行作废：提示更新或重新绑卡',
  'merchant.rollup': '窗口期内某商户或合作方在至少 K 个账户上有被标记或“不是本人”的贷款',
  'notice.id-expiring': '身份证件即将到期：每个阈值提醒一次',
  'notice.id-expired': '身份证件已过期',
  'ring.shared-card': '窗口期内同一张银行卡（按指纹）绑定到至少 K 个账户',
  'ring.shared-device': '同一设备或 IP 在窗口期内对至少 K 个账户解绑银行卡、变更联系方式或开立贷款',
  'ring.card-other-holder': '窗口期内新绑定的银行卡已以他人名义绑定在另一个账户上',
};

export const ruleDescription = (id: string, english: string, locale: Locale) => (locale === 'zh-CN' ? (ZH[id] ?? english) : english);
