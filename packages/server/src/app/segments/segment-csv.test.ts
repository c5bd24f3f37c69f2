import { contactId } from '@leadpulse/core';
import { describe, expect, it } from 'vitest';
import { segmentCsv } from './segment-csv.js';
import type { SegmentExportRow } from './segment-ports.js';

const row = (extra: Partial<SegmentExportRow>): SegmentExportRow => ({
  id: contactId('ct_1'),
  userId: null,
  email: null,
  stage: 'warm',
  score: 12.5,
  enteredAt: Date.UTC(2026, 10, 2, 9),
  birthDate: Date.UTC(1990, 2, 4),
  age: null,
  gender: 'female',
  householdSize: 3,
  children: 1,
  country: 'FR',
  region: null,
  city: 'lyon',
  postalCode: '69003',
  latitude: 45.76,
  longitude: -4.83,
  consentEmail: true,
  consentSms: false,
  consentAds: null,
  consentTracking: null,
  ...extra,
});

const csvOf = async (rows: SegmentExportRow[]) => {
  let text = '';
  for await (const chunk of segmentCsv((async function* () {
    yield rows;
  })())) text += chunk;
  return text;
};

describe('segmentCsv', () => {
  it('writes RFC 4180: a header, CRLF line ends, quoted commas, quotes and line breaks', async () => {
    const text = await csvOf([row({ userId: 'a,b', email: 'say "hi"\r\nnow' })]);
    const [header, line] = text.split('\r\n');
    expect(header).toBe('id,userId,email,stage,score,enteredAt,birthDate,age,gender,householdSize,children,country,region,city,postalCode,latitude,longitude,consentEmail,consentSms,consentAds,consentTracking');
    expect(line).toBe('ct_1,"a,b","say ""hi""');
    expect(text).toContain('now",warm,12.5,2026-11-02T09:00:00.000Z,1990-03-04,,female,3,1,FR,,lyon,69003,45.76,-4.83,granted,refused,,\r\n');
  });

  it('keeps a spreadsheet from running a cell as a formula, but leaves negative numbers alone', async () => {
    const text = await csvOf([row({ userId: '=HYPERLINK("x")', email: '+33 6', city: '@lyon' })]);
    expect(text).toContain(`ct_1,"'=HYPERLINK(""x"")",'+33 6,`);
    expect(text).toContain(",'@lyon,");
    expect(text).toContain(',-4.83,');
  });
});
