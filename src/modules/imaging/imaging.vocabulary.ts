/** DICOM modality codes (PS3.3 C.7.3.1.1.1) a radiology order may name; shown as words in four languages. */
export const IMAGING_MODALITIES = ['CT', 'MR', 'CR', 'DX', 'US', 'NM', 'PT', 'MG'] as const;
export type ImagingModality = (typeof IMAGING_MODALITIES)[number];

export const IMAGING_PRIORITIES = ['stat', 'urgent', 'routine'] as const;
export type ImagingPriority = (typeof IMAGING_PRIORITIES)[number];

/**
 * ordered → scheduled → performed (a study is linked) → reported (the report is signed);
 * cancelled (with a reason) from ordered or scheduled. `performed` is reached from ordered too (a
 * walk-in examination is not always scheduled first).
 */
export const IMAGING_ORDER_STATUSES = ['ordered', 'scheduled', 'performed', 'reported', 'cancelled'] as const;
export type ImagingOrderStatus = (typeof IMAGING_ORDER_STATUSES)[number];

export const IMAGING_REPORT_STATUSES = ['draft', 'signed'] as const;
export type ImagingReportStatus = (typeof IMAGING_REPORT_STATUSES)[number];

/** Rank for the worklist: stat first. */
export const PRIORITY_RANK: Record<ImagingPriority, number> = { stat: 0, urgent: 1, routine: 2 };
