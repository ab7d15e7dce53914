/** Every CLI command. Areas add theirs here; each command is a thin layer over a contract method. */
import type { Command } from '../command';
import { infoCommand } from './app';
import { hostCommand } from './host';

export const commands: Command[] = [infoCommand, hostCommand];
