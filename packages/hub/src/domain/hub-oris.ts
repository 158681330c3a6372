/**
 * The FBI CJIS Division's IAFIS destination (1.007 DAI of criminal submissions), which the hub stands in
 * for: the ORI it signs its responses and audit checkpoints with unless configured otherwise.
 */
export const FBI_CJIS_ORI = "WVIAFIS0Z";
