import { symptom } from './kb-helpers.js';

/** Symptoms and citations several shipped entries share (reference/knowledge-base*.ts). */
export const MEDLINEPLUS = (topic: string, page: string) => ({ title: `MedlinePlus (U.S. National Library of Medicine): ${topic}`, url: `https://medlineplus.gov/${page}.html` });

export const fever = symptom('Fever', ['fever', 'febrile', 'pyrexia', 'pyrexial'], 2);
export const cough = symptom('Cough', ['cough', 'coughing'], 2);
export const dyspnoea = symptom('Shortness of breath', ['shortness of breath', 'breathless', 'breathlessness', 'dyspnoea', 'dyspnea', 'sob'], 2);
export const chestPain = symptom('Chest pain', ['chest pain', 'chest tightness', 'chest pressure', 'retrosternal pain'], 3);
export const headache = symptom('Headache', ['headache', 'cephalgia'], 2);
export const vomiting = symptom('Vomiting', ['vomiting', 'vomits', 'emesis'], 1);
export const nausea = symptom('Nausea', ['nausea', 'nauseous', 'nauseated'], 1);
export const diarrhoea = symptom('Diarrhoea', ['diarrhoea', 'diarrhea', 'loose stools', 'watery stools'], 2);
export const abdominalPain = symptom('Abdominal pain', ['abdominal pain', 'stomach pain', 'belly pain', 'tummy pain'], 1);
export const confusion = symptom('New confusion or altered mentation', ['confusion', 'confused', 'altered mental', 'disoriented', 'drowsy'], 2);
export const fatigue = symptom('Tiredness', ['fatigue', 'tiredness', 'tired', 'lethargy', 'lethargic'], 1);
export const soreThroat = symptom('Sore throat', ['sore throat', 'pharyngitis', 'throat pain'], 2);
