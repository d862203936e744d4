/** One recovery code as listed: fresh sets have no spent codes, a shown set may have some. */
export interface RecoveryCode {
  code: string;
  used: boolean;
}
