export * from './card-own-name.benign.rule';
export * from './face-consent.benign.rule';
export * from './otp-trusted-contact.benign.rule';
export * from './settled-device.benign.rule';
