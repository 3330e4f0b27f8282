import jStat from 'jstat';
export = jStat;
