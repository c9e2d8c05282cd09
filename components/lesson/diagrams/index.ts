export { DeleteInsertVsMergeDiagram } from './DeleteInsertVsMergeDiagram';
export { FullVsIncrementalDiagram } from './FullVsIncrementalDiagram';
export { LookbackWindowDiagram } from './LookbackWindowDiagram';
