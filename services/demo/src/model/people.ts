import type { LocalDate } from '@homefirst/schemas';
import type { Random } from './random';

/** A synthetic resident of the city. Every identifier is test data: NHS numbers start 999. */
export interface Person {
  /** Order of first appearance, 0-based. */
  readonly index: number;
  /** 999 + 6 digits + modulus-11 check digit: never issued to a real patient. */
  readonly nhsNumber: string;
  /** The trust's local patient id (hospital number). */
  readonly mrn: string;
  readonly familyName: string;
  readonly givenName: string;
  readonly sex: 'F' | 'M';
  readonly birthDate: LocalDate;
  readonly address: { readonly line: string; readonly city: string; readonly postcode: string };
}

/** The modulus-11 check digit of nine digits, or null when it would be 10 (such numbers are never issued). */
export function nhsCheckDigit(nineDigits: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(nineDigits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return check === 11 ? 0 : check;
}

/**
 * Unique test NHS numbers, deterministic from the random stream: 999 followed by six random digits and
 * the check digit; draws whose check digit would be 10 are skipped. About 909,000 numbers exist, so the
 * generator refuses to hand out more than 800,000 (the draws would slow down).
 */
export class NhsNumberPool {
  private readonly issued = new Set<string>();

  constructor(private readonly random: Random) {}

  next(): string {
    if (this.issued.size >= 800_000) throw new RangeError('out of 999-range test NHS numbers');
    for (;;) {
      const nine = `999${String(this.random.int(0, 999_999)).padStart(6, '0')}`;
      const check = nhsCheckDigit(nine);
      if (check === null) continue;
      const nhsNumber = `${nine}${check}`;
      if (this.issued.has(nhsNumber)) continue;
      this.issued.add(nhsNumber);
      return nhsNumber;
    }
  }
}

const FAMILY_NAMES = (
  'SMITH JONES WILLIAMS TAYLOR BROWN DAVIES EVANS WILSON THOMAS JOHNSON ROBERTS ROBINSON THOMPSON ' +
  'WRIGHT WALKER WHITE EDWARDS HUGHES GREEN HALL LEWIS HARRIS CLARKE PATEL JACKSON WOOD TURNER ' +
  'MARTIN COOPER HILL WARD MORRIS MOORE CLARK LEE KING BAKER HARRISON MORGAN ALLEN JAMES SCOTT ' +
  'PHILLIPS WATSON DAVIS PARKER PRICE BENNETT YOUNG GRIFFITHS MITCHELL KELLY COOK CARTER ' +
  'RICHARDSON BAILEY COLLINS BELL SHAW MURPHY MILLER COX RICHARDS KHAN MARSHALL ANDERSON SIMPSON ' +
  'ELLIS ADAMS SINGH BEGUM WILKINSON FOSTER CHAPMAN POWELL WEBB ROGERS GRAY MASON ALI HUNT HUSSAIN ' +
  'CAMPBELL MATTHEWS OWEN PALMER HOLMES MILLS BARNES KNIGHT LLOYD BUTLER RUSSELL BARKER FISHER ' +
  'STEVENS JENKINS MURRAY DIXON HARVEY'
).split(' ');

const FEMALE_NAMES = (
  'MARGARET PATRICIA SUSAN JEAN CHRISTINE LINDA ELIZABETH MARY BARBARA SANDRA JOAN CAROL ANNE ' +
  'KATHLEEN PAULINE SHEILA BRENDA IRENE DOROTHY JANET SARAH EMMA LAURA REBECCA GEMMA AMY NICOLA ' +
  'HELEN RACHEL FATIMA'
).split(' ');

const MALE_NAMES = (
  'JOHN DAVID MICHAEL PETER ROBERT ANTHONY BRIAN ALAN WILLIAM JAMES KEITH RAYMOND KENNETH GEORGE ' +
  'BARRY TERENCE STEPHEN PAUL COLIN DEREK DANIEL THOMAS MATTHEW CHRISTOPHER ANDREW MARK RICHARD ' +
  'LEE MOHAMMED ADAM'
).split(' ');

/** Invented streets; postcodes are in Liverpool districts with made-up inward codes. */
const STREETS = (
  'Larch Grove,Mersey View,Dock Road,Chapel Lane,Priory Close,Harbour Way,Canal Street,' +
  'Orchard Rise,Beacon Walk,Ferry Road,Meadow Bank,Station Parade,Quarry Hill,Willow Court'
).split(',');

const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** The trust's local patient id: a fixed prefix and 7 digits, in order of first appearance. */
export function mrnOf(index: number): string {
  return `M${String(4_000_000 + index).padStart(7, '0')}`;
}

/**
 * A person, drawn from `random`. Age: people who will need support on leaving (P1–P3) are mostly over
 * 75; others span adult life. `atDate` is the day of their first admission.
 */
export function drawPerson(
  random: Random,
  index: number,
  nhsNumber: string,
  atDate: LocalDate,
  older: boolean,
): Person {
  const sex = random.chance(0.54) ? 'F' : 'M';
  const age = older
    ? Math.min(101, Math.round(random.uniform(66, 84) + random.exponential(5)))
    : random.int(18, 92);
  const year = Number(atDate.slice(0, 4)) - age;
  const birthDate = `${year}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
  const district = random.int(1, 36);
  const postcode = `L${district} ${random.int(1, 9)}${random.pick([...INWARD_LETTERS])}${random.pick([...INWARD_LETTERS])}`;
  return {
    index,
    nhsNumber,
    mrn: mrnOf(index),
    familyName: random.pick(FAMILY_NAMES),
    givenName: random.pick(sex === 'F' ? FEMALE_NAMES : MALE_NAMES),
    sex,
    birthDate,
    address: { line: `${random.int(1, 180)} ${random.pick(STREETS)}`, city: 'LIVERPOOL', postcode },
  };
}
