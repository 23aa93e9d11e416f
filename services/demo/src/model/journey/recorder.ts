import type { CouncilFact, Fact, HospitalFact, SpellSnapshot } from '../facts';
import type { Person } from '../people';

type HospitalFields<F extends HospitalFact> = Omit<
  F,
  'id' | 'at' | 'person' | 'journeyId' | 'side' | 'spell' | 'kind'
>;
type CouncilFields<F extends CouncilFact> = Omit<
  F,
  'id' | 'at' | 'person' | 'journeyId' | 'side' | 'referralId' | 'kind'
>;

/**
 * What a journey has recorded: its facts, numbered in order within the spell, each hospital fact
 * carrying the spell as it stood then. The spell snapshot is replaced (never changed) on every change,
 * so facts can share it.
 */
export class JourneyRecorder {
  private factNo = 0;

  constructor(
    private readonly record: (fact: Fact) => void,
    readonly spellId: string,
    readonly person: Person,
    private spell: SpellSnapshot,
  ) {}

  get state(): SpellSnapshot {
    return this.spell;
  }

  update(changes: Partial<SpellSnapshot>): void {
    this.spell = { ...this.spell, ...changes };
  }

  hospital<K extends HospitalFact['kind']>(
    kind: K,
    at: number,
    fields: HospitalFields<Extract<HospitalFact, { kind: K }>>,
  ): void {
    // kind and fields belong together by the generic signature
    this.record({ ...fields, ...this.stamp(kind, 'hospital', at), spell: this.spell } as HospitalFact);
  }

  council<K extends CouncilFact['kind']>(
    referralId: string,
    kind: K,
    at: number,
    fields: CouncilFields<Extract<CouncilFact, { kind: K }>>,
  ): void {
    // kind and fields belong together by the generic signature
    this.record({ ...fields, ...this.stamp(kind, 'council', at), referralId } as unknown as CouncilFact);
  }

  /** What every fact of the journey carries, in this order: its id, kind and side, when, who, the journey. */
  private stamp<K extends Fact['kind'], S extends Fact['side']>(kind: K, side: S, at: number) {
    return {
      id: this.nextFactId(),
      kind,
      side,
      at: new Date(at),
      person: this.person,
      journeyId: this.spellId,
    };
  }

  private nextFactId(): string {
    this.factNo += 1;
    return `${this.spellId}${String(this.factNo).padStart(2, '0')}`;
  }
}
