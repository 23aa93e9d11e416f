/**
 * A realistic English corpus for tests and the feed checker's examples: four people discharged from
 * Liverpool, Derby, Sefton and Leeds hospitals into council care. NHS numbers are 999… test numbers with
 * valid modulus-11 check digits (never issued to real people); provider ids are CQC-style location ids.
 */

/** Liverpool City Council, Derby City Council, Sefton Council, Leeds City Council (ONS codes). */
export const COUNCILS = {
  liverpool: 'E08000012',
  derby: 'E06000015',
  sefton: 'E08000014',
  leeds: 'E08000035',
} as const;

/** Liverpool University Hospitals, University Hospitals of Derby and Burton, Leeds Teaching Hospitals (ODS). */
export const TRUSTS = { liverpool: 'REM', derby: 'RTG', leeds: 'RR8' } as const;

/** Test NHS numbers (999 range, modulus-11 valid) and one that fails the check. */
export const NHS = {
  margaret: '9990000018',
  arthur: '9990000026',
  doris: '9990000034',
  kenneth: '9990000042',
  badCheckDigit: '9990000019',
} as const;

/** Margaret (Liverpool, P1): referral → assessment → brokerage with one decline → reablement → no ongoing support. */
export const margaretJourney = [
  {
    recordId: 'LAS-778812-1',
    councilCode: COUNCILS.liverpool,
    laPersonId: 'P100234',
    nhsNumber: NHS.margaret,
    event: 'referral_received',
    occurredAt: '2025-01-06T09:30:00+00:00',
    pathway: 1,
    hospitalOdsCode: TRUSTS.liverpool,
    hospitalSpellId: 'V4412093',
    referralId: 'REF-LIV-0001',
  },
  {
    recordId: 'LAS-778812-2',
    councilCode: COUNCILS.liverpool,
    nhsNumber: NHS.margaret,
    event: 'assessment_scheduled',
    occurredAt: '2025-01-06T11:05:00+00:00',
    scheduledFor: '2025-01-07T10:00:00+00:00',
    referralId: 'REF-LIV-0001',
  },
  {
    recordId: 'LAS-778812-3',
    councilCode: COUNCILS.liverpool,
    nhsNumber: NHS.margaret,
    event: 'assessment_completed',
    occurredAt: '2025-01-07T12:15:00+00:00',
    servicesRequired: true,
    referralId: 'REF-LIV-0001',
  },
  {
    recordId: 'LAS-778812-4',
    councilCode: COUNCILS.liverpool,
    nhsNumber: NHS.margaret,
    event: 'package_requested',
    occurredAt: '2025-01-07T13:00:00+00:00',
    serviceType: 'reablement',
    hoursPerWeek: 10.5,
    referralId: 'REF-LIV-0001',
    packageId: 'SA-55012',
  },
  {
    recordId: 'LAS-778812-5',
    councilCode: COUNCILS.liverpool,
    nhsNumber: NHS.margaret,
    event: 'provider_offered',
    occurredAt: '2025-01-07T14:00:00+00:00',
    providerId: '1-101663812',
    providerName: 'Mersey Homecare Ltd',
    referralId: 'REF-LIV-0001',
    packageId: 'SA-55012',
  },
  {
    recordId: 'LAS-778812-6',
    councilCode: COUNCILS.liverpool,
    nhsNumber: NHS.margaret,
    event: 'provider_declined',
    occurredAt: '2025-01-07T16:30:00+00:00',
    providerId: '1-101663812',
    reasonCode: 'NO_CAPACITY',
    referralId: 'REF-LIV-0001',
    packageId: 'SA-55012',
  },
  {
    recordId: 'LAS-778812-7',
    councilCode: COUNCILS.liverpool,
    nhsNumber: NHS.margaret,
    event: 'package_sourced',
    occurredAt: '2025-01-08T11:00:00+00:00',
    providerId: '1-2094837561',
    providerName: 'Anfield Reablement Team',
    plannedStartDate: '2025-01-09',
    referralId: 'REF-LIV-0001',
    packageId: 'SA-55012',
  },
  {
    recordId: 'LAS-778812-8',
    councilCode: COUNCILS.liverpool,
    nhsNumber: NHS.margaret,
    event: 'reablement_started',
    occurredAt: '2025-01-09T08:00:00+00:00',
    serviceType: 'reablement',
    referralId: 'REF-LIV-0001',
  },
  {
    recordId: 'LAS-778812-9',
    councilCode: COUNCILS.liverpool,
    nhsNumber: NHS.margaret,
    event: 'reablement_ended',
    occurredAt: '2025-02-18T17:00:00+00:00',
    outcome: 'no_ongoing_support',
    referralId: 'REF-LIV-0001',
  },
] as const;

/** Arthur (Derby, P3): a nursing-home placement, in BST. */
export const arthurPlacement = [
  {
    recordId: 'MOS-4471-1',
    councilCode: COUNCILS.derby,
    nhsNumber: NHS.arthur,
    event: 'referral_received',
    occurredAt: '2025-06-02T10:00:00+01:00',
    pathway: 'P3',
    hospitalOdsCode: TRUSTS.derby,
    referralId: 'DER-REQ-9001',
  },
  {
    recordId: 'MOS-4471-2',
    councilCode: COUNCILS.derby,
    nhsNumber: NHS.arthur,
    event: 'package_requested',
    occurredAt: '2025-06-03T09:00:00+01:00',
    serviceType: 'nursing',
    referralId: 'DER-REQ-9001',
    packageId: 'DER-SVC-31',
  },
  {
    recordId: 'MOS-4471-3',
    councilCode: COUNCILS.derby,
    nhsNumber: NHS.arthur,
    event: 'placement_started',
    occurredAt: '2025-06-05T14:00:00+01:00',
    serviceType: 'nursing',
    providerId: '1-118853402',
    referralId: 'DER-REQ-9001',
    packageId: 'DER-SVC-31',
  },
] as const;

/** Kenneth (Leeds): the package started a day before it was requested — suspicious, still published. */
export const kennethOutOfOrder = [
  {
    recordId: 'LDS-2201-2',
    councilCode: COUNCILS.leeds,
    nhsNumber: NHS.kenneth,
    event: 'package_started',
    occurredAt: '2025-03-03T09:00:00+00:00',
    serviceType: 'home_care',
    providerId: '1-3304411',
    referralId: 'LDS-REF-77',
    packageId: 'LDS-PKG-5',
  },
  {
    recordId: 'LDS-2201-1',
    councilCode: COUNCILS.leeds,
    nhsNumber: NHS.kenneth,
    event: 'package_requested',
    occurredAt: '2025-03-04T09:00:00+00:00',
    serviceType: 'home_care',
    hoursPerWeek: 14,
    referralId: 'LDS-REF-77',
    packageId: 'LDS-PKG-5',
  },
] as const;

/** A LAS-style export (mappings/las.json): UK dates in local time, LAS step names. Row 3 has a bad NHS number, row 4 an unknown step. */
export const lasCsv = [
  'Step Audit ID,LA Code,Person ID,NHS No,Referral ID,Service Agreement ID,Workflow Step,Step Date,D2A Pathway,Service Type,Hours Per Week,Provider Ref,Provider Name,Planned Start,Outcome,Referring Hospital ODS,Hospital Spell Ref,Assessment Date,Eligible Needs,Route of Access,Reason Code',
  `A-1001,E08000012,P100234,${NHS.margaret},REF-LIV-0001,,Contact - Hospital Discharge,06/01/2025 09:30,Pathway 1,,,,,,,REM,V4412093,,,Discharge from Hospital,`,
  `A-1002,E08000012,P100234,${NHS.margaret},REF-LIV-0001,SA-55012,Service Request to Brokerage,07/01/2025 13:00,,ST-Max at Home,10.5,,,,,,,,,,`,
  `A-1003,E08000012,P100299,${NHS.badCheckDigit},REF-LIV-0002,,Referral Received,06/01/2025 10:00,Pathway 2,,,,,,,REM,,,,,`,
  `A-1004,E08000012,P100234,${NHS.margaret},REF-LIV-0001,,Case Note Added,07/01/2025 10:00,,,,,,,,,,,,,`,
  `A-1005,E08000012,P100234,${NHS.margaret},REF-LIV-0001,SA-55012,Provider Accepted,08/01/2025 11:00,,,,1-2094837561,"Anfield Reablement Team, North",09/01/2025,,,,,,,`,
].join('\r\n');

/** A Mosaic-style export (mappings/mosaic.json), CLD field names and values. */
export const mosaicCsv = [
  'Source_Record_ID,LA_Code,LA_Person_Unique_Identifier,NHS_Number,Request_Reference,Service_Reference,Workflow_Step,Event_Start_Date,Discharge_Pathway,Service_Type,Planned_Units_Per_Week,Provider_CQC_Location_ID,Provider_CQC_Location_Name,Planned_Start_Date,Event_Outcome,Referring_Organisation_ODS,Hospital_Spell_Reference,Assessment_Scheduled_Date,Eligible_Needs_Identified,Request_Route_of_Access,Event_End_Reason',
  `M-1,E06000015,D-8812,${NHS.arthur},DER-REQ-9001,,Request: Hospital Discharge,2025-06-02 10:00:00,P3,,,,,,,RTG,,,,Discharge from Hospital,`,
  `M-2,E06000015,D-8812,${NHS.arthur},DER-REQ-9001,,Assessment: Complete,2025-06-02 15:30:00,,,,,,,,,,,Yes,,`,
  `M-3,E06000015,D-8812,${NHS.arthur},DER-REQ-9001,DER-SVC-31,Service: Placement Started,2025-06-05 14:00:00,,Long Term Support: Nursing Care,,1-118853402,Oakwood Nursing Home,,,,,,,,`,
  `M-4,E06000015,D-8812,${NHS.arthur},DER-REQ-9001,,ST-Max: Ended,2025-07-15 12:00:00,,,,,,,Early Cessation of Service - NHS Funded Care/Hospital,,,,,,`,
].join('\n');
