import { render } from 'preact'
import { applyDocumentLanguage } from '../shared/i18n'
import '../shared/styles.css'
import { OptionsPage } from './OptionsPage'

applyDocumentLanguage('optionsTitle')
render(<OptionsPage />, document.getElementById('app')!)
