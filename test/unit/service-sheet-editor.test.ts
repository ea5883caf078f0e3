import { describe, expect, it } from 'vitest';
import { createEngine, type Position } from '../../server/src/engine';
import { engine, readRepoFile } from '../helpers';

const base = readRepoFile('test/fixtures/service-sheet/base.yaml');

/** Splits `text` at the `§` marker: the text without it, and the marker's position. */
function at(marked: string): { text: string; pos: Position } {
  const i = marked.indexOf('§');
  const before = marked.slice(0, i);
  const line = before.split('\n').length - 1;
  return { text: before + marked.slice(i + 1), pos: { line, character: i - before.lastIndexOf('\n') - 1 } };
}

function labels(marked: string, e = engine()): string[] {
  const { text, pos } = at(marked);
  return e.complete(text, pos).map((c) => c.label);
}

const HEAD = 'fiche: "1.1"\ntitre: Le référentiel\n';

describe('service-sheet completion', () => {
  it('proposes the top-level keys not yet written, required ones first, with French descriptions', () => {
    const { text, pos } = at(`${HEAD}§\n`);
    const items = engine().complete(text, pos);
    const keys = items.map((c) => c.label);
    expect(keys).not.toContain('fiche');
    expect(keys).not.toContain('titre');
    expect(keys.slice(0, 3)).toEqual(['axe', 'articulation', 'statut']);
    expect(keys).toContain('securite');
    const statut = items.find((c) => c.label === 'statut')!;
    expect(statut.kind).toBe('property');
    expect(statut.detail).toBe("État d'avancement du service. (obligatoire)");
    expect(statut.documentation).toContain('`en_cours` : En cours');
    expect(statut.insertText).toBe('statut: ');
    expect(items.find((c) => c.label === 'articulation')!.insertText).toBe('articulation:\n  ');
  });

  it('filters by the typed prefix only on the client: the partial word still gets the keys', () => {
    expect(labels(`${HEAD}sta§`)).toContain('statut');
  });

  it('proposes enumerated values with their French labels after "key: "', () => {
    const { text, pos } = at(`${HEAD}statut: §\n`);
    const items = engine().complete(text, pos);
    expect(items.map((c) => [c.label, c.detail])).toEqual([
      ['non_demarre', 'Non démarré'],
      ['en_cours', 'En cours'],
      ['deploye', 'Déployé'],
      ['arrete', 'Arrêté'],
    ]);
    expect(items[1].filterText).toBe('en_cours En cours');
  });

  it('proposes the axes with their SDRSIS titles', () => {
    const { text, pos } = at(`${HEAD}axe: §`);
    const items = engine().complete(text, pos);
    expect(items.map((c) => c.label)).toEqual(['1', '2', '3', '4', '5']);
    expect(items[2].detail).toMatch(/^Outiller les parcours/);
  });

  it('in a flow list, proposes the values not yet listed', () => {
    const got = labels(`${HEAD}domaines: [production_de_soins, §`);
    expect(got).toEqual(['coordination_des_soins', 'connaissance_analyse_information', 'services_aux_usagers']);
  });

  it('in a block list, proposes the items after "- "', () => {
    expect(labels(`${HEAD}beneficiaires:\n  - §`)).toContain('patients_usagers_aidants');
    expect(labels(`${HEAD}beneficiaires:\n- §`)).toContain('institutions');
  });

  it('in nested mappings, proposes the keys of that level', () => {
    expect(labels(`${HEAD}securite:\n  hebergeur:\n    nom: X\n    §`)).toEqual(['certifie_hds', 'interne']);
    expect(labels(`${HEAD}securite:\n  donnees_de_sante: true\n  §\n  flux: []`)).toEqual(['hebergeur', 'authentification']);
    expect(labels(`${HEAD}articulation:\n  §`)).toEqual(['sns', 'strategie_esante']);
  });

  it('in a list of mappings, proposes the item keys, then the remaining ones', () => {
    expect(labels(`${HEAD}securite:\n  flux:\n    - §`)).toEqual(['nom', 'url']);
    expect(labels(`${HEAD}securite:\n  flux:\n    - nom: ROR\n      §`)).toEqual(['url']);
  });

  it('proposes true/false for booleans and values for nested enums', () => {
    expect(labels(`${HEAD}securite:\n  hebergeur:\n    certifie_hds: §`)).toEqual(['true', 'false']);
    expect(labels(`${HEAD}securite:\n  authentification: [§`)).toContain('pro_sante_connect');
  });

  it('stays silent inside block text, comments, free-text values and after a broken indentation', () => {
    expect(labels(`${HEAD}description: |\n  Le service §`)).toEqual([]);
    expect(labels(`${HEAD}description: |\n  Le service\n  §`)).toEqual([]);
    expect(labels(`${HEAD}# sta§`)).toEqual([]);
    expect(labels(`${HEAD}titre2: Le "ref§`)).toEqual([]);
    expect(labels(`${HEAD}porteur: GIP §`)).toEqual([]);
    expect(labels(`${HEAD}axe: 1\n    §`)).toEqual([]);
  });

  it('speaks English when configured', () => {
    const en = createEngine({ settings: { locale: 'en' } });
    const { text, pos } = at(`${HEAD}statut: §`);
    expect(en.complete(text, pos).map((c) => c.detail)).toEqual(['Not started', 'In progress', 'Deployed', 'Stopped']);
    const top = at(`${HEAD}§`);
    const keys = en.complete(top.text, top.pos);
    expect(keys.find((c) => c.label === 'axe')!.detail).toBe('Strategic axis of the regional health IS plan (1 to 5). (required)');
  });
});

describe('service-sheet hover', () => {
  const hover = (marked: string) => {
    const { text, pos } = at(marked);
    return engine().hover(text, pos);
  };

  it('on a key: its meaning and allowed values, over the key', () => {
    const h = hover(base.replace('statut: en_cours', 'sta§tut: en_cours'))!;
    expect(h.contents).toContain("**statut** — État d'avancement du service.");
    expect(h.contents).toContain('`non_demarre` : Non démarré');
    expect(h.range.start.character).toBe(0);
    expect(h.range.end.character).toBe(6);
  });

  it('on an enumerated value: its label', () => {
    expect(hover(base.replace('statut: en_cours', 'statut: en_c§ours'))!.contents).toMatch(/^\*\*en_cours\*\* — En cours/);
    expect(hover(base.replace('axe: 1', 'axe: §1'))!.contents).toMatch(/^\*\*1\*\* — Accompagner la numérisation/);
    expect(hover(base.replace('[production_de_soins, coordination', '[production_de_soins, coordi§nation'))!.contents).toMatch(/Coordination des soins/);
    expect(hover(base.replace('[pro_sante_connect, e_cps]', '[pro_sante_connect, e_c§ps]'))!.contents).toMatch(/e-CPS/);
  });

  it('on nested keys of list items', () => {
    expect(hover(base.replace('      url: https://api', '      u§rl: https://api'))!.contents).toContain('securite.flux[].url');
  });

  it('on free text, unknown keys and unknown values: nothing', () => {
    expect(hover(base.replace('Le Répertoire Opérationnel', 'Le Répertoire Opé§rationnel'))).toBeUndefined();
    expect(hover(base.replace('porteur:', 'porte§urs:'))).toBeUndefined();
    expect(hover(base.replace('statut: en_cours', 'statut: en-c§ours'))).toBeUndefined();
  });
});
