import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { zooDataSourceOptions } from './zoo-data-source';

/** The zoo as an app's data-source file (`--data-source`): snake_case naming, subscribers, migrations. Workers load it; they never connect. */
export default new DataSource(zooDataSourceOptions('postgres://zoo@localhost:5432/zoo'));
