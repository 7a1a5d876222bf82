import { describeConversationOn } from './host-conversation.js';

describeConversationOn('teams-ai');
