import type { CdaCheck } from '../context';
import { checkBodyAuthorSpecialty } from './header-body';
import { loadHeaderModel } from './header-model';
import { newRun } from './header-run';
import { walk } from './header-walk';

/**
 * CI-SIS header rules ("structuration minimale", ART-DECOR template 1.2.250.1.213.1.1.1.1): the declarative
 * model of `schemas/cda/header.json` applied to the ClinicalDocument, plus the body authors' specialty binding.
 */
export const checkHeader: CdaCheck = (ctx) => {
  const model = loadHeaderModel(ctx.data);
  if (!model) return;
  const run = newRun(ctx, model);
  walk(run, ctx.doc, model.document);
  checkBodyAuthorSpecialty(run);
};
