/** Every CLI command. Areas add theirs here; each command is a thin layer over a contract method. */
import type { Command } from '../command';
import { infoCommand } from './app';
import { importCommand, searchCommand } from './attendees';
import { exportCommand } from './export';
import { checkinCommand, demoCommand, keysCommand, undoCommand } from './checkins';
import { configCommand } from './config';
import { hostCommand } from './host';
import { cloudCommand } from './cloud';
import { printCommands } from './print';
import { syncCommands } from './sync';

export const commands: Command[] = [infoCommand, hostCommand, demoCommand, checkinCommand, undoCommand, keysCommand, configCommand, searchCommand, importCommand, exportCommand, ...printCommands, ...syncCommands, cloudCommand];
